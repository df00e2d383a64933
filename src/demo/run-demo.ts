// The demo's story against any running server: send the multi-page sample invoice to
// `document-verifier`, narrate its stream, approve as the approver when it asks (the submitter's
// stream resumes after the last event id it saw), then print the report, the findings and the
// redacted document's download link. Throws DemoError, with the reason, when it cannot finish.
import { randomUUID } from 'node:crypto';
import type { MessageV1, TaskStatusV1, TaskV1 } from '../../api/protocol/v1/schemas';
import { linesPerPage, paginate } from '../documents/pdf/pdf-writer';
import { sampleInconsistentInvoice, samplePdf, sampleInvoice } from '../documents/samples';
import { createDemoClient, type DemoClient, type StreamItem } from './a2a-client';
import { artifactLine, dataOf, findingsSummary, formatSize, indent, partsText, readApprovalRequest, stateName, statusLine } from './narrate';

export interface DemoOptions {
  baseUrl: string;
  agentId?: string;
  /** Bearer tokens of the submitter and of the approver; none when the server runs without auth. */
  userToken?: string;
  approverToken?: string;
  approverName?: string;
  reason?: string;
  /**
   * `needs-approval` (default): the multi-page sample invoice with planted problems (a total that does
   * not add up, a broken IBAN), which the policy always puts before a person; `clean`: the same invoice
   * without them, verified with no approval.
   */
  document?: 'needs-approval' | 'clean';
  /** Where the narration goes (stdout for `npm run demo`). */
  write: (text: string) => void;
  signal?: AbortSignal;
}

export interface DemoResult {
  taskId: string;
  state: string;
  report?: string;
  result?: Record<string, unknown>;
  redactedUrl?: string;
}

export class DemoError extends Error {
  override readonly name = 'DemoError';
}

const INSTRUCTIONS = 'Verify this supplier invoice before payment: required fields, totals and VAT, the bank details, and any personal data.';
const FINAL_STATES = ['TASK_STATE_COMPLETED', 'TASK_STATE_FAILED', 'TASK_STATE_CANCELED', 'TASK_STATE_REJECTED'];
const WAITING_STATES = ['TASK_STATE_INPUT_REQUIRED', 'TASK_STATE_AUTH_REQUIRED'];
const MAX_APPROVAL_ROUNDS = 3;
const MAX_RECONNECTS = 5;

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const agentId = options.agentId ?? 'document-verifier';
  const client = createDemoClient({ baseUrl: options.baseUrl, agentId, signal: options.signal });
  const say = (line: string) => options.write(`${line}\n`);
  const sample = options.document === 'clean' ? sampleInvoice() : sampleInconsistentInvoice();
  const pdf = samplePdf(sample);
  const pages = paginate(sample.lines, linesPerPage(10)).length;
  say(`→ Sending ${sample.filename} (${formatSize(pdf.length)}, ${pages} pages) to ${agentId} at ${options.baseUrl}`);
  const message: MessageV1 = {
    messageId: `demo-${randomUUID()}`,
    role: 'ROLE_USER',
    parts: [{ text: INSTRUCTIONS }, { raw: Buffer.from(pdf).toString('base64'), mediaType: 'application/pdf', filename: sample.filename }],
  };

  const follower = createFollower(client, options);
  let progress = await follower.follow(client.sendStreaming(message, options.userToken));
  for (let round = 1; WAITING_STATES.includes(progress.status.state); round++) {
    if (round > MAX_APPROVAL_ROUNDS) throw new DemoError(`the agent still waits for input after ${MAX_APPROVAL_ROUNDS} answers`);
    await approve(client, progress, options, say);
    progress = await follower.follow(client.resume(progress.taskId, progress.seq, options.userToken));
  }
  return finish(client, progress, options, say);
}

interface Progress {
  taskId: string;
  contextId: string;
  seq: number;
  status: TaskStatusV1;
}

/** Narrates stream items and keeps the position, reconnecting after the last id when a stream drops. */
function createFollower(client: DemoClient, options: DemoOptions) {
  let streamingArtifact: string | undefined;
  const endInline = () => {
    if (streamingArtifact !== undefined) options.write('\n');
    streamingArtifact = undefined;
  };
  const say = (line: string) => {
    endInline();
    options.write(`${line}\n`);
  };
  let progress: Progress | undefined;

  const narrate = (item: StreamItem) => {
    const r = item.response;
    if (item.seq !== undefined && progress) progress.seq = item.seq;
    if ('task' in r) {
      progress = { taskId: r.task.id, contextId: r.task.contextId, seq: item.seq ?? 0, status: r.task.status };
      say(`  task ${r.task.id} is ${stateName(r.task.status.state)}`);
    } else if ('statusUpdate' in r && progress) {
      progress.status = r.statusUpdate.status;
      say(statusLine(r.statusUpdate.status));
    } else if ('artifactUpdate' in r) {
      const { artifact, append, lastChunk } = r.artifactUpdate;
      const text = partsText(artifact.parts);
      // Short live text (the summary, streamed while the model writes) is shown as it arrives, on one
      // growing line; documents (the markdown report, data, files) are listed and shown at the end.
      if (text && !artifact.parts.some((p) => p.mediaType === 'text/markdown')) {
        if (append && streamingArtifact === artifact.artifactId) options.write(text.replace(/\n/g, ' '));
        else {
          endInline();
          options.write(`  ✎ ${artifact.name ?? artifact.artifactId}: ${text.replace(/\n/g, ' ')}`);
          streamingArtifact = artifact.artifactId;
        }
        if (lastChunk) endInline();
      } else say(artifactLine(artifact));
    } else if ('message' in r) {
      say(`  agent: ${partsText(r.message.parts)}`);
    }
  };

  return {
    async follow(stream: AsyncGenerator<StreamItem>): Promise<Progress> {
      for (let reconnects = 0; ; reconnects++) {
        for await (const item of stream) {
          narrate(item);
          // A subscription stays open while the task waits (it ends only at a terminal state), so the
          // demo stops reading once the task waits for it: answering is its turn.
          if (progress && WAITING_STATES.includes(progress.status.state)) break;
        }
        endInline();
        if (!progress) throw new DemoError('the server answered with no task');
        const state = progress.status.state;
        if (FINAL_STATES.includes(state) || WAITING_STATES.includes(state)) return progress;
        // The server closed the stream early (a restart, say): continue exactly after the last event seen.
        if (reconnects >= MAX_RECONNECTS) throw new DemoError(`the stream of task ${progress.taskId} kept closing before the task finished`);
        say(`  (stream closed; resuming after event ${progress.seq})`);
        await new Promise((resolve) => setTimeout(resolve, 500));
        stream = client.resume(progress.taskId, progress.seq, options.userToken);
      }
    },
  };
}

async function approve(client: DemoClient, progress: Progress, options: DemoOptions, say: (line: string) => void): Promise<void> {
  const request = readApprovalRequest(progress.status);
  if (!request) throw new DemoError(`the task waits for input the demo cannot give: ${partsText(progress.status.message?.parts) || '(no message)'}`);
  say(indent(request.lines.slice(1).join('\n'))); // the first line was the status line just printed
  if (request.turn === 'refused' || request.turn === 'unreadable') {
    const hint = options.approverToken ? '' : ' (no approver token: is the server running without authentication?)';
    throw new DemoError(`the approval was not accepted: ${request.notice}${hint}`);
  }
  if (!request.allowedDecisions.includes('approve')) throw new DemoError(`approving is not allowed here (allowed: ${request.allowedDecisions.join(', ')})`);
  const reason = options.reason ?? 'Supplier confirmed the corrected total and bank details by phone; pay the corrected amount.';
  say(`→ Approving as ${options.approverName ?? 'the approver'}: “${reason}”`);
  const decision: MessageV1 = {
    messageId: `demo-decision-${randomUUID()}`,
    role: 'ROLE_USER',
    taskId: progress.taskId,
    contextId: progress.contextId,
    parts: [{ data: { decision: 'approve', reason }, mediaType: 'application/json' }],
  };
  await client.send(decision, options.approverToken, { returnImmediately: true });
}

async function finish(client: DemoClient, progress: Progress, options: DemoOptions, say: (line: string) => void): Promise<DemoResult> {
  const task: TaskV1 = await client.getTask(progress.taskId, options.userToken);
  const artifacts = task.artifacts ?? [];
  const named = (name: string) => artifacts.find((a) => a.name === name || a.artifactId === name);
  const report = partsText(named('verification-report')?.parts) || undefined;
  const result = dataOf(named('verification-result')?.parts, 'verification-result');
  const redactedUrl = named('redacted-document')?.parts.find((p) => p.url !== undefined)?.url;

  if (report) say(`\n══ Report ══\n${report}`);
  if (result) say(`\n══ Findings ══\n${findingsSummary(result).join('\n')}`);
  if (redactedUrl) {
    const { bytes, mediaType } = await client.download(redactedUrl, options.userToken);
    say(`\n══ Redacted document ══\n${redactedUrl}\n(signed link; downloaded ${formatSize(bytes.length)} of ${mediaType} with the submitter's credentials)`);
  }
  const state = task.status.state;
  if (state !== 'TASK_STATE_COMPLETED') {
    throw new DemoError(`task ${task.id} ended ${stateName(state)}: ${partsText(task.status.message?.parts) || 'no reason given'}`);
  }
  say(`\n✓ task ${task.id} completed`);
  return { taskId: task.id, state, ...(report ? { report } : {}), ...(result ? { result } : {}), ...(redactedUrl ? { redactedUrl } : {}) };
}
