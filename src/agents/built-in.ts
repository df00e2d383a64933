// The agents defined in code, in the order they are listed; the first enabled one is the default
// unless the config file chooses another.
import type { AgentDefinition } from './agent-definition';
import { conformanceAgent } from './conformance';
import { documentAnalystAgent } from './document-analyst';
import { documentVerifierAgent } from './document-verifier';
import { echoAgent } from './echo';

export const builtInAgents: readonly AgentDefinition[] = [echoAgent, conformanceAgent, documentVerifierAgent, documentAnalystAgent];
