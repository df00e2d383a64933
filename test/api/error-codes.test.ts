// JSON-RPC reserves -32768..-32000 for itself (and A2A takes -32001..-32099 of it, §9.5), so the
// codes this server defines for itself (auth, limits, availability) must lie outside that range.
import { A2A_ERROR_CODES, type A2AErrorName } from '../../api/a2a-error';

const JSON_RPC_STANDARD = new Set([-32700, -32600, -32601, -32602, -32603]);
const A2A_SPEC = new Set([-32001, -32002, -32003, -32004, -32005, -32006, -32007, -32008, -32009]);
const SPEC_NAMED = new Set<A2AErrorName>([
  'ParseError',
  'InvalidRequest',
  'MethodNotFound',
  'InvalidParams',
  'InternalError',
  'TaskNotFoundError',
  'TaskNotCancelableError',
  'PushNotificationNotSupportedError',
  'UnsupportedOperationError',
  'ContentTypeNotSupportedError',
  'InvalidAgentResponseError',
  'ExtendedAgentCardNotConfiguredError',
  'ExtensionSupportRequiredError',
  'VersionNotSupportedError',
]);

describe('JSON-RPC error codes', () => {
  it('every code in the reserved range is a JSON-RPC or A2A code; server-defined ones lie outside it', () => {
    for (const [name, { jsonRpc }] of Object.entries(A2A_ERROR_CODES) as Array<[A2AErrorName, { jsonRpc: number }]>) {
      const reserved = jsonRpc >= -32768 && jsonRpc <= -32000;
      if (reserved) expect({ name, standardOrSpec: JSON_RPC_STANDARD.has(jsonRpc) || A2A_SPEC.has(jsonRpc) }).toEqual({ name, standardOrSpec: true });
      // A server-defined error that reuses a standard code is allowed only when it is that error
      // (a refused body is an Invalid Request); otherwise it must be outside the reserved range.
      if (!SPEC_NAMED.has(name) && !JSON_RPC_STANDARD.has(jsonRpc) && !A2A_SPEC.has(jsonRpc)) expect({ name, reserved }).toEqual({ name, reserved: false });
    }
  });

  it('unauthenticated, permission denied, resource exhausted and unavailable have codes of their own', () => {
    const codes = (['Unauthenticated', 'PermissionDenied', 'ResourceExhausted', 'Unavailable'] as const).map((n) => A2A_ERROR_CODES[n].jsonRpc);
    expect(codes).toEqual([-31401, -31403, -31429, -31503]);
  });
});
