// Protocol version negotiation (A2A v1.0 §3.6): the `A2A-Version` header, or the `A2A-Version` query
// parameter the spec also allows; an empty value means 0.3; patch numbers are ignored.
import { A2AError } from '../a2a-error';

export type ProtocolVersion = '1.0' | '0.3';
export type ProtocolBinding = 'JSONRPC' | 'HTTP+JSON';

export const VERSION_HEADER = 'A2A-Version';

/**
 * Versions served per binding. v0.3's HTTP+JSON binding lived under `/v1/…` with the v0.3 gRPC
 * proto's JSON, a third dialect we do not serve; so v0.3 is JSON-RPC only and cards say so.
 */
export const SUPPORTED_VERSIONS: Record<ProtocolBinding, readonly ProtocolVersion[]> = {
  JSONRPC: ['1.0', '0.3'],
  'HTTP+JSON': ['1.0'],
};

/** The raw requested version: header first, then the query parameter; undefined when neither is given. */
export function requestedVersion(
  header: string | string[] | undefined,
  query: Record<string, string | string[] | undefined>,
): string | undefined {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const value = first(header) ?? first(query['A2A-Version']) ?? first(query['a2a-version']);
  return value?.trim();
}

/** `Major.Minor` of a version string ("1.0.1" → "1.0"), or undefined when it is not one. */
export function majorMinor(raw: string): string | undefined {
  const match = /^(\d+)\.(\d+)(?:\.\d+)?$/.exec(raw);
  return match ? `${Number(match[1])}.${Number(match[2])}` : undefined;
}

export function negotiateVersion(raw: string | undefined, supported: readonly ProtocolVersion[]): ProtocolVersion {
  const wanted = raw === undefined || raw === '' ? '0.3' : majorMinor(raw);
  const match = supported.find((v) => v === wanted);
  if (!match) throw A2AError.versionNotSupported(raw ?? '', supported);
  return match;
}

/** The version whose shapes an error is best written in before (or without) negotiation succeeding. */
export function errorFormatVersion(raw: string | undefined): ProtocolVersion {
  return raw === undefined || raw === '' || majorMinor(raw) === '0.3' ? '0.3' : '1.0';
}
