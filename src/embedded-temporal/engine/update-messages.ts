// The worker's answers to updates in RespondWorkflowTaskCompleted.messages (Acceptance, Rejection,
// Response). A message named by a ProtocolMessage command is applied at that command's place; the
// rest after all commands. Sent updates left unanswered are rejected, as the server does.
import { EventType, enums, lookupType, type temporal } from '../proto/schema';
import type { Engine } from './engine';
import type { Run } from './run';
import type { InvalidCommand } from './commands';
import { findUpdate, markAccepted, markCompleted, markRejected, registryOf, unprocessedUpdateFailure, type UpdateEntry } from './updates';
import { detach } from './detach';

type Message = temporal.api.protocol.v1.IMessage;
type Acceptance = temporal.api.update.v1.IAcceptance;
type Rejection = temporal.api.update.v1.IRejection;
type Response = temporal.api.update.v1.IResponse;

export type ParsedMessage =
  | { id: string; kind: 'acceptance'; entry: UpdateEntry; body: Acceptance }
  | { id: string; kind: 'rejection'; entry: UpdateEntry | undefined; body: Rejection }
  | { id: string; kind: 'response'; entry: UpdateEntry; body: Response };

const BODY_TYPES: Record<string, ParsedMessage['kind']> = {
  'temporal.api.update.v1.Acceptance': 'acceptance',
  'temporal.api.update.v1.Rejection': 'rejection',
  'temporal.api.update.v1.Response': 'response',
};
const BAD = enums.WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_BAD_UPDATE_WORKFLOW_EXECUTION_MESSAGE;

/** Decodes and checks every message against the registry; applies nothing. */
export function parseMessages(run: Run, messages: Message[]): ParsedMessage[] | InvalidCommand {
  const out: ParsedMessage[] = [];
  const acceptedNow = new Set<string>();
  for (const m of messages) {
    const any = m.body as { type_url?: string; value?: Uint8Array } | null | undefined;
    const typeName = (any?.type_url ?? '').replace(/^.*\//, '');
    const kind = BODY_TYPES[typeName];
    const updateId = m.protocolInstanceId ?? '';
    if (!kind || !m.id || !updateId) return { cause: BAD, message: `Message ${m.id ?? ''} of type ${typeName || 'unknown'} is not a valid update message.` };
    const body = lookupType(typeName).decode(any?.value ?? new Uint8Array()) as never;
    const entry = findUpdate(run, updateId);
    const phase = entry?.phase;
    if (kind === 'response') {
      if (phase !== 'accepted' && !acceptedNow.has(updateId)) return { cause: BAD, message: `invalid state transition attempted for Update ${updateId}: received Response message while in state ${phase ?? 'unknown'}` };
      out.push({ id: m.id, kind, entry: entry!, body });
      continue;
    }
    if (entry && phase !== 'admitted' && phase !== 'sent') {
      return { cause: BAD, message: `invalid state transition attempted for Update ${updateId}: received ${kind} message while in state ${phase}` };
    }
    if (kind === 'acceptance') {
      const acpt = body as Acceptance;
      // An update this engine forgot (a restart) is resurrected from the request the worker echoes.
      const known = entry ?? resurrect(run, updateId, acpt.acceptedRequest);
      if (!known) return { cause: BAD, message: `Update ${updateId} is unknown and its acceptance carries no request.` };
      acceptedNow.add(updateId);
      out.push({ id: m.id, kind, entry: known, body: acpt });
    } else {
      out.push({ id: m.id, kind, entry, body });
    }
  }
  return out;
}

function resurrect(run: Run, id: string, request: temporal.api.update.v1.IRequest | null | undefined): UpdateEntry | undefined {
  if (!request) return undefined;
  const entry: UpdateEntry = { id, phase: 'sent', request: detach(request), acceptedId: 0, listeners: new Set() };
  registryOf(run).set(id, entry);
  return entry;
}

/** Applies one message; returns whether it wrote an event. */
export function applyMessage(engine: Engine, run: Run, m: ParsedMessage): boolean {
  if (m.kind === 'rejection') {
    if (m.entry && !m.entry.error && m.entry.phase !== 'completed') markRejected(engine, run, m.entry, detach(m.body.failure ?? { message: 'rejected' }));
    return false;
  }
  // The run closed earlier in this task: its updates were aborted with it.
  if (!run.isOpen || m.entry.error || m.entry.phase === 'completed') return false;
  if (m.kind === 'acceptance') {
    const acceptedId = run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED, {
      protocolInstanceId: m.entry.id,
      acceptedRequestMessageId: `${m.entry.id}/request`,
      acceptedRequestSequencingEventId: m.body.acceptedRequestSequencingEventId,
      acceptedRequest: m.entry.request,
    });
    markAccepted(engine, run, m.entry, acceptedId);
    return true;
  }
  const completedId = run.appendEvent(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED, {
    meta: m.body.meta,
    acceptedEventId: m.entry.acceptedId,
    outcome: m.body.outcome,
  });
  markCompleted(engine, run, m.entry, { completedId, outcome: m.body.outcome ?? {} });
  return true;
}

/** Every update the finished task carried must have been answered; the rest are rejected. */
export function rejectUnprocessed(engine: Engine, run: Run): void {
  if (!run.updates) return;
  for (const e of [...run.updates.values()]) if (e.phase === 'sent') markRejected(engine, run, e, unprocessedUpdateFailure);
}
