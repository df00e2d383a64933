// Without authentication configured every caller is this principal; the auth middleware (later)
// replaces `resolvePrincipal` and everything downstream already reads tenant and subject from it.
import type { Principal } from './request-handler';

export const ANONYMOUS_PRINCIPAL: Principal = Object.freeze({
  tenant: 'default',
  subject: 'anonymous',
  scopes: Object.freeze([]) as readonly string[],
  authenticated: false,
  roles: Object.freeze([]) as readonly string[],
});

export const anonymousPrincipal = (): Principal => ANONYMOUS_PRINCIPAL;
