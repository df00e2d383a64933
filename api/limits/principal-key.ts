// The key per-principal limits count under: tenant and subject for an authenticated principal, the
// client address for anonymous callers (who would otherwise share one budget with everyone).
import type { Principal } from '../request-handler';

export function principalKey(principal: Principal, clientAddress: string): string {
  return principal.authenticated ? `p:${principal.tenant}\u0000${principal.subject}` : `ip:${clientAddress}`;
}
