// Recording scenarios of the document agents: the verifier's paths (no approval, approved, rejected,
// refused then approved, reminder and escalation both ways, canceled while the model streams, a model
// step that fails for good, no document) and the agent loop's (tool calls then a streamed answer).
// Short plain-text invoices keep the histories small; the paths are the same as for a PDF.
import { step } from '../../support/fake-openai';
import { APPROVER, SENIOR, SUBMITTER, artifactOf, dataPart, filePart, statusData, textOf, textPart } from '../support/document-stack';
import { taskRunClosed, type RecordingContext, type Scenario } from './recording-context';

/** Quick heartbeats and retries, as the verifier's own tests use them. */
const quick = { modelStep: { heartbeatTimeoutMs: 2_000, retry: { initialIntervalMs: 200, maximumIntervalMs: 1_000 } }, toolHeartbeatTimeout: '2s' };

export const DOCUMENT_AGENTS = {
  'verifier-quick': { extends: 'document-verifier', settings: quick },
  'verifier-auto-reject': { extends: 'document-verifier', settings: { approvalReminderAfter: '300ms', approvalEscalateAfter: '1s', escalationAction: 'auto-reject' } },
  'verifier-reassign': {
    extends: 'document-verifier',
    settings: { approvalReminderAfter: '300ms', approvalEscalateAfter: '1s', escalationAction: 'reassign', approvalExpireAfter: '1h' },
  },
};

const VERIFIER = 'document-verifier';
const ANALYST = 'document-analyst';
const text = (bytes: string, filename: string) => filePart(new TextEncoder().encode(bytes), 'text/plain', filename);

/** A two-line invoice; `skew` breaks its total and `iban` can fail its checksum (both force an approval). */
const invoiceText = (o: { number: string; total: string; iban: string }) =>
  [
    'Nordwind Logistics GmbH',
    'VAT ID: DE123456789',
    '',
    'INVOICE',
    `Invoice number: ${o.number}`,
    'Invoice date: 2025-03-03',
    'Due date: 2025-04-02',
    'Currency: EUR',
    '',
    'Bill to:',
    'Acme Verification Ltd',
    '',
    'Description                   Qty   Unit price   Amount',
    'Document intake               1     45.00        45.00',
    'Identity check                2     82.25        164.50',
    '',
    'Subtotal: EUR 209.50',
    'VAT 19%: EUR 39.81',
    `Total due: EUR ${o.total}`,
    '',
    `IBAN: ${o.iban}`,
    'BIC: HSHNDEHHXXX',
  ].join('\n');
const invoice = () => text(invoiceText({ number: 'INV-2025-0042', total: '249.31', iban: 'DE89 3704 0044 0532 0130 00' }), 'invoice-0042.txt');
const inconsistent = () => text(invoiceText({ number: 'INV-2025-0043', total: '499.31', iban: 'DE89 3704 0044 0532 0130 01' }), 'invoice-0043.txt');
const SUMMARY = () => step.text('Looks fine.');

/** Starts a verification, waits for the approval request, answers it, and waits for the run to close. */
async function decided(ctx: RecordingContext, answers: Array<[parts: unknown[], principal: string]>, agent = VERIFIER): Promise<string> {
  ctx.stack.model!.respondWith(SUMMARY);
  const task = await ctx.stack.start(agent, [inconsistent()]);
  await ctx.stack.waitForState(agent, task.id, 'input-required');
  for (const [parts, principal] of answers) {
    const seq = (await ctx.stack.rpc(agent, 'GetTask', { id: task.id })).result?.status?.timestamp;
    await ctx.stack.answer(agent, task.id, parts, principal);
    // Each answer is taken (a new status) before the next is sent, so the history has one path.
    await ctx.stack.waitForTask(agent, task.id, (t) => t.status.timestamp !== seq && t.status.state !== 'TASK_STATE_WORKING', 30_000);
  }
  await ctx.stack.waitForSettled(agent, task.id);
  return taskRunClosed(ctx, task.id);
}

async function settled(ctx: RecordingContext, agent: string, parts: unknown[]): Promise<string> {
  const task = await ctx.stack.start(agent, parts);
  await ctx.stack.waitForSettled(agent, task.id);
  return taskRunClosed(ctx, task.id);
}

export const documentScenarios: Scenario[] = [
  {
    name: 'document-verifier-verified-without-approval',
    run: (ctx) => {
      ctx.stack.model!.respondWith(SUMMARY);
      return settled(ctx, VERIFIER, [invoice(), textPart('Verify before payment.')]);
    },
  },
  { name: 'document-verifier-no-document-rejected', run: (ctx) => settled(ctx, VERIFIER, [textPart('please verify')]) },
  { name: 'document-verifier-approval-approved', run: (ctx) => decided(ctx, [[[dataPart({ decision: 'approve', reason: 'totals confirmed' })], APPROVER]]) },
  { name: 'document-verifier-approval-rejected', run: (ctx) => decided(ctx, [[[textPart('reject: the totals do not add up')], APPROVER]]) },
  {
    name: 'document-verifier-approval-changes-requested',
    run: (ctx) => decided(ctx, [[[dataPart({ decision: 'request-changes', reason: 'fix the totals' })], APPROVER]]),
  },
  {
    name: 'document-verifier-approval-refused-then-approved',
    run: (ctx) => decided(ctx, [[[textPart('approve')], SUBMITTER], [[textPart('approve: checked')], APPROVER]]),
  },
  {
    name: 'document-verifier-reminder-then-auto-reject',
    run: (ctx) => {
      ctx.stack.model!.respondWith(SUMMARY);
      return settled(ctx, 'verifier-auto-reject', [inconsistent()]);
    },
  },
  {
    name: 'document-verifier-escalated-reassigned-approved',
    run: async (ctx) => {
      ctx.stack.model!.respondWith(SUMMARY);
      const agent = 'verifier-reassign';
      const task = await ctx.stack.start(agent, [inconsistent()]);
      await ctx.stack.waitForTask(agent, task.id, (t) => statusData(t)?.turn === 'escalated');
      await ctx.stack.answer(agent, task.id, [textPart('approve: reviewed on escalation')], SENIOR);
      await ctx.stack.waitForSettled(agent, task.id);
      return taskRunClosed(ctx, task.id);
    },
  },
  {
    name: 'document-verifier-canceled-while-the-model-streams',
    run: async (ctx) => {
      const agent = 'verifier-quick';
      ctx.stack.model!.script(step.streamed(['The ', 'document ', 'is ', 'fine.'], { stallAfterChunks: 3 }));
      const task = await ctx.stack.start(agent, [invoice()]);
      await ctx.stack.waitForTask(agent, task.id, (t) => textOf(artifactOf(t, 'summary')?.parts).startsWith('The '));
      const index = ctx.stack.model!.requests.length - 1;
      await ctx.stack.rpc(agent, 'CancelTask', { id: task.id });
      await ctx.stack.model!.waitForClientAbort(index);
      const done = await ctx.stack.waitForSettled(agent, task.id);
      if (done.status.state !== 'TASK_STATE_CANCELED') throw new Error(`the canceled task ended ${done.status.state}`);
      return taskRunClosed(ctx, task.id);
    },
  },
  {
    name: 'document-verifier-model-step-failed',
    run: (ctx) => {
      // A 400 is permanent: the model activity fails once and the rules write the summary.
      ctx.stack.model!.respondWith(() => step.error(400));
      return settled(ctx, VERIFIER, [invoice()]);
    },
  },
  {
    name: 'document-verifier-model-step-retried',
    run: (ctx) => {
      // A 429 is transient: the model activity's second attempt writes the summary.
      ctx.stack.model!.respondWith(SUMMARY);
      ctx.stack.model!.script(step.error(429));
      return settled(ctx, 'verifier-quick', [invoice()]);
    },
  },
  {
    name: 'agent-loop-tool-calls-then-streamed-answer',
    run: (ctx) => {
      ctx.stack.model!.respondWith(undefined);
      ctx.stack.model!.script(
        step.toolCalls([
          { name: 'classify_document', arguments: {} },
          { name: 'check_consistency', arguments: { documentType: 'invoice' } },
        ]),
        step.streamed(['An invoice ', 'whose totals ', 'add up.'], { chunkDelayMs: 150 }),
      );
      return settled(ctx, ANALYST, [invoice(), textPart('What is this?')]);
    },
  },
  {
    name: 'agent-loop-model-failed',
    run: (ctx) => {
      ctx.stack.model!.respondWith(() => step.error(400));
      return settled(ctx, ANALYST, [invoice(), textPart('What is this?')]);
    },
  },
];

/** Run on a stack without a model: both document agents take their deterministic paths. */
export const noModelScenarios: Scenario[] = [
  { name: 'document-verifier-no-model', run: (ctx) => settled(ctx, VERIFIER, [invoice()]) },
  { name: 'agent-loop-no-model-deterministic-steps', run: (ctx) => settled(ctx, ANALYST, [invoice(), textPart('What is this?')]) },
];
