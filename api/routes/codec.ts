// The codec server (Temporal's codec-server contract) for the Temporal Web UI and CLI:
// `POST /codec/decode` decrypts payloads sealed with any key of the ring, `POST /codec/encode` seals
// with the active key; payloads that are not encrypted decode unchanged. Only operators may use it
// (it reveals every task's messages and documents); it serves the platform's one namespace.
import type Router from '@koa/router';
import type { PayloadCodec } from '@temporalio/common';
import type { AuditLog } from '../../src/audit/audit-log';
import { PayloadDecryptionError } from '../../src/codec/encryption-codec';
import { A2AError } from '../a2a-error';
import type { ApiContext, ApiState } from '../app-types';
import type { Admission } from '../auth/admission';
import { admitOperator } from '../auth/operator-guard';
import { JSON_MEDIA_TYPE } from '../bindings/endpoint';
import { readJsonBody } from '../http/json-body';
import { answerCodecPreflight, applyCodecCors } from '../codec/codec-cors';
import { parsePayloadsBody, toWire } from '../codec/codec-wire';

export const CODEC_PATH = '/codec';
export const NAMESPACE_HEADER = 'X-Namespace';

export interface CodecServerSettings {
  /** The platform's payload codec (src/codec/encryption-codec.ts). */
  codec: PayloadCodec;
  /** The Temporal namespace whose payloads it encrypts; requests naming another are refused. */
  namespace: string;
  /** Web UI origins allowed to call it from a browser (CODEC_CORS_ORIGIN). */
  corsOrigins: readonly string[];
}

export interface CodecRouteDeps extends CodecServerSettings {
  /** Principals with this role may use it; '' lets nobody in when credentials are checked. */
  operatorRole: string;
  /** The API's admission (credentials, rate). */
  admission: Admission;
  /** Whether credentials are checked at all; without (AUTH_DISABLED) the codec is as open as the API. */
  authenticated: boolean;
  bodyLimitBytes: number;
  audit: AuditLog;
}

export function registerCodecRoutes(router: Router<ApiState>, deps: CodecRouteDeps): void {
  for (const operation of ['encode', 'decode'] as const) {
    router.options(`${CODEC_PATH}/${operation}`, (ctx) => answerCodecPreflight(ctx, deps.corsOrigins));
    router.post(`${CODEC_PATH}/${operation}`, (ctx) => serve(ctx, deps, operation));
  }
}

async function serve(ctx: ApiContext, deps: CodecRouteDeps, operation: 'encode' | 'decode'): Promise<void> {
  applyCodecCors(ctx, deps.corsOrigins);
  await admitOperator(ctx, deps, {
    subject: 'The codec server is',
    // The body is refused unread: drain it so the connection can carry the answer.
    onRefused: () => {
      if (!ctx.req.readableEnded) ctx.req.resume();
    },
  });
  checkNamespace(ctx, deps.namespace);
  const body = await readJsonBody(ctx.req, { limitBytes: deps.bodyLimitBytes, mediaTypes: [JSON_MEDIA_TYPE] });
  const parsed = parsePayloadsBody(body.present ? body.value : undefined);
  if (!parsed.ok) throw A2AError.invalidFields(parsed.violations);
  const payloads = operation === 'encode' ? await deps.codec.encode(parsed.payloads) : await decode(deps.codec, parsed.payloads);
  ctx.set('Cache-Control', 'no-store');
  ctx.type = JSON_MEDIA_TYPE;
  ctx.body = toWire(payloads);
}


/** The UI names the namespace of the payloads; ours are the only ones our keys can (or should) open. */
function checkNamespace(ctx: ApiContext, namespace: string): void {
  const named = ctx.get(NAMESPACE_HEADER);
  if (named === '' || named === namespace) return;
  if (!ctx.req.readableEnded) ctx.req.resume();
  throw A2AError.invalidParams(`This codec server serves namespace ${namespace}, not ${named} (${NAMESPACE_HEADER})`, {
    field: NAMESPACE_HEADER,
    namespace,
  });
}

/** Each payload on its own, so the refusal names the one that did not decrypt. */
async function decode(codec: PayloadCodec, payloads: Parameters<PayloadCodec['decode']>[0]) {
  return Promise.all(
    payloads.map(async (payload, index) => {
      try {
        const [decoded] = await codec.decode([payload]);
        return decoded!;
      } catch (err) {
        if (err instanceof PayloadDecryptionError) throw A2AError.invalidParams(`payloads.${index}: ${err.message}`, { field: `payloads.${index}` });
        throw err;
      }
    }),
  );
}
