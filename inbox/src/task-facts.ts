// Reads what the task page shows out of an A2A v1.0 Task: the approval request the workflow published
// (document facts, risk, findings) or, once finished, the verification result; the report, the
// redacted document's link, the status messages (the history), and the decision record.
export interface Part {
  text?: string;
  data?: unknown;
  url?: string;
  filename?: string;
  mediaType?: string;
}
export interface Message {
  messageId: string;
  role: string;
  parts: Part[];
  metadata?: Record<string, unknown>;
}
export interface Task {
  id: string;
  contextId: string;
  status: { state: string; timestamp?: string; message?: Message };
  history?: Message[];
  artifacts?: Array<{ artifactId: string; name?: string; parts: Part[] }>;
  metadata?: Record<string, unknown>;
}

export interface Finding {
  code: string;
  severity: string;
  message: string;
}
export interface DocumentFacts {
  name?: string;
  sha256?: string;
  size?: number;
  mediaType?: string;
  pageCount?: number;
  documentType?: string;
}
export interface Decision {
  decision?: string;
  reason?: string;
  by?: string;
  at?: string;
}

export interface TaskFacts {
  state: string;
  document?: DocumentFacts;
  risk?: { score: number; threshold?: number; reasons?: string[] };
  findings: Finding[];
  allowedDecisions: string[];
  report?: string;
  redacted?: { url: string; filename?: string; mediaType?: string };
  history: Array<{ id: string; turn: string; text: string }>;
  decision?: Decision;
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** "TASK_STATE_INPUT_REQUIRED" → "input-required" (the v1.0 wire name to the name people read). */
export const stateName = (state: string) => state.replace(/^TASK_STATE_/, '').toLowerCase().replace(/_/g, '-');

function dataOf(message: Message | undefined, kind: string): Record<string, unknown> | undefined {
  for (const part of message?.parts ?? []) {
    const data = record(part.data);
    if (data?.kind === kind) return data;
  }
  return undefined;
}

const textOf = (message: Message) =>
  message.parts
    .map((p) => p.text ?? '')
    .join('\n')
    .trim();

export function taskFacts(task: Task): TaskFacts {
  const messages = [...(task.history ?? []), ...(task.status.message ? [task.status.message] : [])];
  const requests = messages.map((m) => dataOf(m, 'approval-request')).filter((d) => d !== undefined);
  const request = requests[requests.length - 1];
  const artifact = (name: string) => task.artifacts?.find((a) => a.name === name || a.artifactId === name);
  const result = record(artifact('verification-result')?.parts.find((p) => p.data !== undefined)?.data);
  const source = request ?? result;
  const risk = record(source?.risk);
  const seen = new Set<string>();
  const history = messages
    .filter((m) => m.role === 'ROLE_AGENT' && !seen.has(m.messageId) && seen.add(m.messageId))
    .map((m) => ({ id: m.messageId, turn: String(dataOf(m, 'approval-request')?.turn ?? 'status'), text: textOf(m).split('\n')[0] }))
    .filter((h) => h.text !== '');
  const redactedPart = artifact('redacted-document')?.parts.find((p) => p.url);
  return {
    state: stateName(task.status.state),
    document: record(source?.document) as DocumentFacts | undefined,
    ...(risk && typeof risk.score === 'number' ? { risk: risk as TaskFacts['risk'] } : {}),
    findings: (Array.isArray(source?.findings) ? source.findings : []) as Finding[],
    allowedDecisions: (Array.isArray(request?.allowedDecisions) ? request.allowedDecisions : ['approve', 'reject', 'request-changes']) as string[],
    report: artifact('verification-report')?.parts.find((p) => p.text !== undefined)?.text,
    ...(redactedPart?.url ? { redacted: { url: redactedPart.url, filename: redactedPart.filename, mediaType: redactedPart.mediaType } } : {}),
    history,
    decision: decisionOf(task, result),
  };
}

function decisionOf(task: Task, result: Record<string, unknown> | undefined): Decision | undefined {
  const fromRecord = record(record(result?.approval)?.decision);
  if (fromRecord) {
    const by = record(fromRecord.decidedBy);
    return {
      decision: String(fromRecord.decision),
      reason: typeof fromRecord.reason === 'string' ? fromRecord.reason : undefined,
      by: by?.system ? 'the approval policy (automatic)' : String(by?.subject ?? ''),
      at: String(fromRecord.decidedAt ?? ''),
    };
  }
  const verification = record(task.metadata?.verification);
  if (verification?.decision === undefined) return undefined;
  return { decision: String(verification.decision), by: String(verification.decidedBy ?? ''), at: String(verification.decidedAt ?? '') };
}
