// `WWW-Authenticate` challenges for a refused request: `Bearer` per RFC 6750 (with `error` when a
// token was sent and refused) and, when API keys are accepted, an `ApiKey` challenge naming the header.
import type { AuthOutcome, Authenticator } from '../../src/auth/authenticator';

const quoted = (value: string) => `"${value.replace(/["\\]/g, '')}"`;

export function challengesFor(authenticator: Authenticator, outcome?: Extract<AuthOutcome, { ok: false }>): string[] {
  const realm = `realm=${quoted(authenticator.realm)}`;
  const challenges: string[] = [];
  if (authenticator.bearer) {
    const refusedToken = outcome && outcome.scheme === 'bearer' && outcome.error !== 'missing';
    challenges.push(
      refusedToken
        ? `Bearer ${realm}, error="invalid_token", error_description=${quoted(typeof outcome.error === 'string' ? '' : outcome.error.message)}`
        : `Bearer ${realm}`,
    );
  }
  if (authenticator.apiKeys) challenges.push(`ApiKey ${realm}, header=${quoted(authenticator.apiKeyHeader)}`);
  return challenges;
}
