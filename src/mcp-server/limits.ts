// Limits of the tool server. Defaults suit documents of a few hundred pages; entry points may
// tighten them from configuration. Every limit surfaces in an error message that names it.
import type { ToolName } from './tool-names';

export interface ToolServerLimits {
  /** Decoded size of an inline (base64) document. */
  maxInlineBytes: number;
  /** Length of a plain-text document argument. */
  maxTextChars: number;
  /** Characters of text returned inline by extract_text and redact before they cut and say so. */
  maxOutputChars: number;
  /** Wall time of one tool run, after which it is stopped (PDF worker terminated). */
  toolTimeoutMs: number;
  toolTimeoutsMs?: Partial<Record<ToolName, number>>;
}

export function defaultToolServerLimits(): ToolServerLimits {
  return {
    maxInlineBytes: 10 * 1024 * 1024,
    maxTextChars: 2_000_000,
    maxOutputChars: 1_000_000,
    toolTimeoutMs: 30_000,
  };
}

export function toolTimeoutMs(limits: ToolServerLimits, tool: ToolName): number {
  return limits.toolTimeoutsMs?.[tool] ?? limits.toolTimeoutMs;
}
