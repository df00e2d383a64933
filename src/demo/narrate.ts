// How the demo puts the agent's wire objects into terminal lines. Pure: the demo's flow decides what
// to print and when; this file only formats (and reads the verifier's approval request and result).
import type { ArtifactV1, PartV1, TaskStatusV1 } from '../../api/protocol/v1/schemas';

export const stateName = (state: string): string => state.replace(/^TASK_STATE_/, '').toLowerCase().replace(/_/g, '-');

export const partsText = (parts: readonly PartV1[] | undefined): string =>
  (parts ?? [])
    .map((p) => p.text ?? '')
    .filter(Boolean)
    .join('\n');

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const dataOf = (parts: readonly PartV1[] | undefined, kind: string): Record<string, unknown> | undefined =>
  (parts ?? []).map((p): unknown => p.data).find((d): d is Record<string, unknown> => isObject(d) && d.kind === kind);

export function statusLine(status: TaskStatusV1): string {
  const text = partsText(status.message?.parts).split('\n')[0] ?? '';
  return `  [${stateName(status.state)}]${text ? ` ${text}` : ''}`;
}

export interface ApprovalRequest {
  notice: string;
  allowedDecisions: string[];
  lines: string[];
  turn: string;
}

/** The verifier's structured approval request in a status message, if that is what it is. */
export function readApprovalRequest(status: TaskStatusV1): ApprovalRequest | undefined {
  const data = dataOf(status.message?.parts, 'approval-request');
  if (!data) return undefined;
  const allowed = Array.isArray(data.allowedDecisions) ? data.allowedDecisions.filter((d): d is string => typeof d === 'string') : [];
  return {
    notice: typeof data.notice === 'string' ? data.notice : 'A decision is needed.',
    allowedDecisions: allowed,
    turn: typeof data.turn === 'string' ? data.turn : 'requested',
    lines: partsText(status.message?.parts).split('\n').filter(Boolean),
  };
}

export const indent = (text: string, prefix = '    '): string =>
  text
    .split('\n')
    .map((line) => (line ? prefix + line : line))
    .join('\n');

export function artifactLine(artifact: ArtifactV1): string {
  const what = artifact.description ? ` — ${artifact.description}` : '';
  return `  + artifact ${artifact.name ?? artifact.artifactId}${what}`;
}

interface Finding {
  severity: string;
  code: string;
  message: string;
}

/** The findings of the verifier's JSON result: counts per severity and the most severe first. */
export function findingsSummary(result: Record<string, unknown>, max = 10): string[] {
  const findings = (Array.isArray(result.findings) ? result.findings : []).filter(
    (f): f is Finding => isObject(f) && typeof f.severity === 'string' && typeof f.code === 'string' && typeof f.message === 'string',
  );
  const rank = (s: string) => ['error', 'warning', 'info'].indexOf(s) >>> 0;
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const risk = isObject(result.risk) ? result.risk : {};
  const lines = [
    `outcome ${String(result.outcome ?? 'unknown')}, risk ${String(risk.score ?? '?')} (threshold ${String(risk.threshold ?? '?')}); ` +
      `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info`,
    ...[...findings]
      .sort((a, b) => rank(a.severity) - rank(b.severity))
      .slice(0, max)
      .map((f) => `- [${f.severity}] ${f.code}: ${f.message}`),
  ];
  if (findings.length > max) lines.push(`- … ${findings.length - max} more in the verification-result artifact`);
  return lines;
}

export function formatSize(bytes: number): string {
  return bytes >= 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${bytes} B`;
}
