// The durable human approval: announce the request (input-required, approvers granted access), then
// wait for an answer with a durable timer on the next deadline (reminder, escalation, expiry). The
// state machine decides what each answer or deadline means; this file only waits, publishes and
// writes the audit records. Each turn is a status update, so streams and pushes see reminders too.
import { log } from '@temporalio/workflow';
import type { JsonObject } from '../../src/a2a-model/types';
import {
  approvalAuditRecord,
  nextDeadline,
  onDeadline,
  onInput,
  startApproval,
  type ApprovalEffect,
  type ApprovalState,
  type Deadline,
} from '../../src/document-verification/approval-process';
import { approvalRequestParts, type ApprovalContext, type ApprovalTurn } from '../../src/document-verification/approval-request';
import type { TaskContext } from '../task-runtime/task-context';
import type { ApproverNotifier } from './approver-notifier';
import { reportApproval } from '../task-runtime/task-metrics';

function audit(task: TaskContext, context: ApprovalContext, effect: ApprovalEffect, deadline?: Deadline['kind']): void {
  reportApproval(task.input.agentId, effect, deadline);
  const record = approvalAuditRecord(effect, { taskId: task.taskId, agentId: task.input.agentId, documentSha256: context.document.sha256 });
  // Workflow logging is replay-safe: a record is written once, not again on every replay.
  if (record) log.info('audit', record);
}

/** Where an approval stands between two answers: what a continued run resumes it from. */
export interface ApprovalProgress {
  state: ApprovalState;
  turn: ApprovalTurn;
  effect?: ApprovalEffect;
}

export interface AwaitApprovalOptions {
  /** The approval as the previous run left it (the task continued as new while it waited). */
  resumed?: ApprovalProgress;
  /** The agent's whole state with this approval progress, should the task continue as new while waiting. */
  resumeWith?: (progress: ApprovalProgress) => JsonObject;
  /** Tells approvers over their channels of the request, each reminder, escalation and the decision. */
  notifier?: ApproverNotifier;
}

/** Waits until the approval is decided; the returned state carries the decision and the whole trail. */
export async function awaitApproval(task: TaskContext, context: ApprovalContext, options: AwaitApprovalOptions = {}): Promise<ApprovalState> {
  const { settings } = context;
  const owner = task.input.owner;
  // Deadlines are absolute times in the state, so a resumed approval keeps its schedule.
  let state = options.resumed?.state ?? startApproval(Date.now(), settings);
  let turn: ApprovalTurn = options.resumed?.turn ?? 'requested';
  let effect: ApprovalEffect | undefined = options.resumed?.effect;
  const { resumeWith, notifier } = options;
  if (!options.resumed) {
    task.grantAccess(state.approverRoles);
    notifier?.send('approval-requested', state, state.approverRoles);
  }

  const applyDeadline = (deadline: Deadline) => {
    ({ state, effect } = onDeadline(state, deadline.kind, Date.now(), settings));
    if (effect.kind === 'reassigned') task.grantAccess(state.approverRoles);
    turn = effect.kind === 'reassigned' ? 'escalated' : 'reminder';
    audit(task, context, effect, deadline.kind);
    if (effect.kind === 'reminded') notifier?.send('approval-reminder', state, state.approverRoles);
    else if (effect.kind === 'reassigned') notifier?.send('approval-escalated', state, settings.escalationRoles);
    else if (effect.kind === 'decided') notifier?.send('approval-decided', state, state.approverRoles);
  };

  while (!state.decision) {
    const deadline = nextDeadline(state, settings);
    // A deadline already due (e.g. after a long outage of the workers) is applied before waiting again.
    if (deadline && deadline.at <= Date.now()) {
      applyDeadline(deadline);
      continue;
    }
    const input = await task.requestInput({
      message: approvalRequestParts(turn, state, context, effect),
      ...(deadline ? { timeout: deadline.at - Date.now() } : {}),
      ...(resumeWith ? { resumeWith: () => resumeWith({ state, turn, ...(effect ? { effect } : {}) }) } : {}),
      // A notification in flight would lose its result to a closed run: the hand-off waits for it.
      ...(notifier ? { canHandOff: () => notifier.idle } : {}),
    });
    if (!input) {
      applyDeadline(deadline as Deadline);
      continue;
    }
    // The link's claims travel with the sender; the records name the person and the link apart.
    const { decisionLink: link, ...sender } = input.sender;
    ({ state, effect } = onInput(
      state,
      { messageId: input.message.messageId, message: input.message, sender, receivedAt: input.receivedAt, ...(link ? { link } : {}) },
      { owner, settings },
    ));
    audit(task, context, effect);
    if (effect.kind === 'decided') notifier?.send('approval-decided', state, state.approverRoles);
    // Recorded as the input's outcome too (state only, no command), as the shell records its own refusals.
    if (effect.kind === 'refused') {
      turn = 'refused';
      task.refuseInput(input, { code: 'not-authorized', detail: effect.refusal.reason });
    } else if (effect.kind === 'link-refused') {
      turn = 'refused';
      task.refuseInput(input, { code: 'decision-link-refused', detail: effect.refusal.reason });
    } else if (effect.kind === 'unreadable') {
      turn = 'unreadable';
      task.refuseInput(input, { code: 'not-a-decision', detail: effect.problem });
    }
  }
  // Approvers keep read access to the decided task: the one who decided gets the outcome in reply.
  return state;
}
