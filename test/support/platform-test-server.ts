// The real platform (embedded engine, worker, the product's task service behind the API) with the
// same `rpc`/`request` helpers as the fake-backed test server, so protocol tests of product rules
// (task lookup, cancel, input policy, idempotent sends, historyLength, listing, push configs) run
// against the task service itself. One per test file: start it in beforeAll.
import { createAgentRegistry, type AgentRegistryOptions } from '../../src/agents/agent-registry';
import { httpHelpers, type TestServer } from './a2a-test-server';
import { startTestPlatform, type PlatformOverrides } from './platform-harness';

export type PlatformTestServer = Pick<TestServer, 'rpc' | 'request'> & {
  url: string;
  platform: Awaited<ReturnType<typeof startTestPlatform>>;
  close(): Promise<void>;
};

/** How long the conformance agent's `test-resubscribe-message-id` tasks stay working, by default. */
export const HOLD_MS = 1_500;

export async function startPlatformTestServer(
  options: PlatformOverrides & { registry?: AgentRegistryOptions } = {},
): Promise<PlatformTestServer> {
  const { registry, ...overrides } = options;
  const config = registry?.config ?? { agents: {} };
  const agents = createAgentRegistry({
    ...registry,
    config: { ...config, agents: { conformance: { settings: { resubscribeHoldMs: HOLD_MS } }, ...config.agents } },
  });
  const platform = await startTestPlatform({ agents, ...overrides });
  return { url: platform.baseUrl, platform, close: () => platform.close(), ...httpHelpers(platform.baseUrl) };
}

let counter = 0;

/**
 * A messageId the conformance agent acts on (its behaviour is the messageId's prefix):
 * `tck-input-required` asks for input, `test-resubscribe-message-id` works for HOLD_MS then
 * completes, `tck-message-response` answers with a direct message, `tck-reject-task` rejects.
 */
export function conformanceMessageId(prefix: string): string {
  return `${prefix}-${process.pid}-${++counter}-${Math.random().toString(36).slice(2, 8)}`;
}
