// The real stack for artifact tests: the platform as `npm start` wires it (small inbound limits, a
// known link secret, a memory store the test can read, the document tools), with the caller chosen
// per request by test headers (`x-test-subject`, `x-test-roles`; none: the anonymous principal).
import type { InboundLimits } from '../../api/artifacts/inbound-parts';
import type { Principal } from '../../api/request-handler';
import { ANONYMOUS_PRINCIPAL } from '../../api/principal';
import { createMemoryArtifactStore, type ArtifactStore } from '../../src/artifact-store';
import { startTestPlatform } from '../support/platform-harness';

export const LINK_SECRET = 'artifact-tests-link-secret-0123456789abcdef';
export const LIMITS: InboundLimits = {
  inlineThresholdBytes: 1024,
  maxPartBytes: 96 * 1024,
  maxMessageBytes: 128 * 1024,
  maxInlineBytes: 4096,
  maxParts: 4,
};

export type ArtifactsPlatform = Awaited<ReturnType<typeof startTestPlatform>> & { store: ArtifactStore };

function headerPrincipal(headers: Record<string, string | string[] | undefined>): Principal {
  const subject = headers['x-test-subject'];
  if (typeof subject !== 'string') return ANONYMOUS_PRINCIPAL;
  const roles = typeof headers['x-test-roles'] === 'string' ? headers['x-test-roles'].split(',') : [];
  return { tenant: 'default', subject, scopes: [], authenticated: true, roles };
}

export async function startArtifactsPlatform(): Promise<ArtifactsPlatform> {
  const store = createMemoryArtifactStore();
  const platform = await startTestPlatform({
    artifacts: { store },
    inbound: LIMITS,
    downloads: { secret: LINK_SECRET },
    api: { resolvePrincipal: (ctx) => headerPrincipal(ctx.headers) },
    // The document tools, so `document-verifier` runs and produces a stored artifact (its redacted copy).
    toolServer: { enabled: true, host: '127.0.0.1', port: 0 },
  });
  return Object.assign(platform, { store });
}

let counter = 0;
export const unique = (prefix: string): string => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;
