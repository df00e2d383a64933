// What every tool needs: the document sources, the policy, limits and a clock. Built once per server
// factory and shared by the per-connection servers it creates.
import type { ArtifactStore } from '../../artifact-store';
import type { PdfExtractor, VerificationPolicy } from '../../documents';
import type { Logger } from '../../logger';
import type { ToolServerLimits } from '../limits';
import type { TextCache } from '../text-source';

export interface ToolDeps {
  store: ArtifactStore;
  pdf: PdfExtractor;
  policy: VerificationPolicy;
  limits: ToolServerLimits;
  logger: Logger;
  textCache?: TextCache;
  now: () => Date;
}

/** Read-only tools: they never change the store or anything else. */
export const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
/** Tools that may add a blob to the store (storeOutput); a call repeated with its idempotency key rewrites only its own output. */
export const ADDITIVE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false } as const;
