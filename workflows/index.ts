// Every workflow type the worker registers. The API starts them by these names only.
export { agentLoopWorkflow } from './agent-loop-workflow';
export { conformanceAgentWorkflow } from './conformance-agent-workflow';
export { documentVerifierWorkflow } from './document-verifier-workflow';
export { echoAgentWorkflow } from './echo-agent-workflow';
export { pushConfigKeeperWorkflow } from './push-config-keeper-workflow';
export { retentionSweepWorkflow } from './retention-sweep-workflow';
