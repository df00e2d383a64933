// Audit of tool calls: a transport decorator that pairs each tools/call request with its response
// and logs one structured line per call — tool, principal, a digest of the arguments (never their
// content), outcome and duration. Sitting on the transport, it also sees calls the SDK rejects
// before any handler runs (invalid arguments, unknown or disallowed tools).
import { createHash } from 'node:crypto';
import type { Transport, TransportSendOptions } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage, MessageExtraInfo } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../logger';
import { TOOL_ERROR_META_KEY } from './tool-errors';
import { canonicalJson } from '../canonical-json';

interface PendingCall {
  tool: string;
  principal?: string;
  argsDigest: string;
  args: Record<string, unknown>;
  started: number;
}

export function withToolCallAudit(inner: Transport, logger: Logger): Transport {
  const pending = new Map<string | number, PendingCall>();
  const audited: Transport = {
    start: () => inner.start(),
    close: () => inner.close(),
    send(message: JSONRPCMessage, options?: TransportSendOptions) {
      if ('id' in message && message.id !== undefined && pending.has(message.id) && !('method' in message)) {
        const { started, ...call } = pending.get(message.id)!;
        pending.delete(message.id);
        logger.info(
          { audit: 'tool-call', event: 'mcp.tool_call', at: new Date().toISOString(), ...call, ...outcomeOf(message), durationMs: Math.round(performance.now() - started) },
          'tool call',
        );
      }
      return inner.send(message, options);
    },
    get sessionId() {
      return inner.sessionId;
    },
    setProtocolVersion: (version: string) => inner.setProtocolVersion?.(version),
  };
  inner.onclose = () => audited.onclose?.();
  inner.onerror = (error) => audited.onerror?.(error);
  inner.onmessage = <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => {
    if ('method' in message && message.method === 'tools/call' && 'id' in message) {
      const params = (message.params ?? {}) as { name?: unknown; arguments?: unknown };
      pending.set(message.id, {
        tool: String(params.name),
        ...(extra?.authInfo ? { principal: extra.authInfo.clientId } : {}),
        argsDigest: digest(params.arguments),
        args: summarize(params.arguments),
        started: performance.now(),
      });
    }
    audited.onmessage?.(message, extra);
  };
  return audited;
}

function outcomeOf(message: JSONRPCMessage): { outcome: string; errorCode?: string | number } {
  if ('error' in message) return { outcome: 'protocol-error', errorCode: message.error.code };
  if (!('result' in message)) return { outcome: 'unknown' };
  const result = message.result as { isError?: boolean; content?: Array<{ text?: string }>; _meta?: Record<string, { code?: string }> };
  if (!result.isError) return { outcome: 'ok' };
  const code = result._meta?.[TOOL_ERROR_META_KEY]?.code;
  if (code) return { outcome: 'error', errorCode: code };
  // The SDK answers these itself, as text only ("MCP error -32602: Input validation error: …").
  const text = result.content?.[0]?.text ?? '';
  if (/^(MCP error -?\d+: )?Input validation error/.test(text)) return { outcome: 'error', errorCode: 'invalid-arguments' };
  if (/^(MCP error -?\d+: )?Tool \S+ (not found|disabled)/.test(text)) return { outcome: 'error', errorCode: 'unknown-tool' };
  return { outcome: 'error', errorCode: 'unclassified' };
}

/** SHA-256 of the arguments as canonical JSON (sorted keys): equal arguments, equal digest. */
export function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** What may be logged about arguments: ids, sizes and short options; never document content. */
function summarize(args: unknown): Record<string, unknown> {
  if (!args || typeof args !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === 'document' && value && typeof value === 'object') {
      const doc = value as Record<string, unknown>;
      out.document = {
        ...(typeof doc.documentId === 'string' ? { documentId: doc.documentId.slice(0, 64) } : {}),
        ...(typeof doc.contentBase64 === 'string' ? { inlineBytes: Math.floor((doc.contentBase64.length * 3) / 4) } : {}),
        ...(typeof doc.text === 'string' ? { textChars: doc.text.length } : {}),
        ...(typeof doc.mediaType === 'string' ? { mediaType: doc.mediaType.slice(0, 100) } : {}),
      };
    } else if (typeof value === 'boolean' || typeof value === 'number') out[key] = value;
    else if (typeof value === 'string' && value.length <= 40) out[key] = value;
    else if (Array.isArray(value) && value.length <= 20 && value.every((v) => typeof v === 'string' && v.length <= 40)) out[key] = value;
    else out[key] = '[omitted]';
  }
  return out;
}
