// Every workflow type the worker registers. The API starts them by these names only.
export { conformanceAgentWorkflow } from './conformance-agent-workflow';
export { echoAgentWorkflow } from './echo-agent-workflow';
