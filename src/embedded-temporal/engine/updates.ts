// The update registry of a run, after the server's (service/history/workflow/update): an update is
// admitted (memory only, lost on a crash as on the server: the client retries), sent in a workflow
// task, then accepted (UpdateAccepted event, durable) or rejected (no event), then completed.
// Ids deduplicate while in flight and, once completed, through the run's durable record.
import { lookupType, type Failure, type temporal } from '../proto/schema';
import { Code, EngineError, notFound } from '../grpc/errors';
import type { Engine } from './engine';
import type { Run } from './run';
import { detach } from './detach';

export type UpdatePhase = 'admitted' | 'sent' | 'accepted' | 'completed';
export type Outcome = temporal.api.update.v1.IOutcome;
type UpdateRequest = temporal.api.update.v1.IRequest;

export interface UpdateEntry {
  id: string;
  phase: UpdatePhase;
  /** The request as the worker gets it; kept until accepted (the accepted event carries it). */
  request?: UpdateRequest;
  acceptedId: number;
  outcome?: Outcome;
  /** Set when the update was aborted with an error rather than an outcome. */
  error?: EngineError;
  listeners: Set<() => void>;
}

const History = lookupType('temporal.api.history.v1.History');
const NotReady = lookupType('temporal.api.errordetails.v1.WorkflowNotReadyFailure');
const ResourceExhaustedDetail = lookupType('temporal.api.errordetails.v1.ResourceExhaustedFailure');
const RE = { BUSY_WORKFLOW: 5, CONCURRENT_LIMIT: 3, SCOPE_NAMESPACE: 1 };

export function workflowNotReady(message: string): EngineError {
  return new EngineError(Code.FAILED_PRECONDITION, message, ['temporal.api.errordetails.v1.WorkflowNotReadyFailure', NotReady.encode({}).finish()]);
}

function resourceExhausted(message: string, cause: number): EngineError {
  const detail = ResourceExhaustedDetail.encode({ cause, scope: RE.SCOPE_NAMESPACE }).finish();
  return new EngineError(Code.RESOURCE_EXHAUSTED, message, ['temporal.api.errordetails.v1.ResourceExhaustedFailure', detail]);
}

const serverFailure = (message: string, type: string): Failure => ({ message, source: 'Server', applicationFailureInfo: { type, nonRetryable: true } });

export const unprocessedUpdateFailure = serverFailure(
  "Workflow Update is rejected because it wasn't processed by worker. Probably, Workflow Update is not supported by the worker.",
  'UnprocessedUpdate',
);
const acceptedUpdateCompletedWorkflowFailure = serverFailure(
  'Workflow Update failed because the Workflow completed before the Update completed.',
  'AcceptedUpdateCompletedWorkflow',
);

/** The in-memory registry, rebuilt after a restart from the durable records of accepted updates. */
export function registryOf(run: Run): Map<string, UpdateEntry> {
  if (run.updates) return run.updates;
  const reg = new Map<string, UpdateEntry>();
  for (const [id, rec] of Object.entries(run.state.updates ?? {})) {
    if (rec.completedId > 0) continue;
    const entry = newEntry(id, 'accepted');
    entry.acceptedId = rec.acceptedId;
    if (!run.isOpen) settle(entry, { failure: acceptedUpdateCompletedWorkflowFailure });
    reg.set(id, entry);
  }
  run.updates = reg;
  return reg;
}

function newEntry(id: string, phase: UpdatePhase): UpdateEntry {
  return { id, phase, acceptedId: 0, listeners: new Set() };
}

/** An update by id: in flight, or completed (its outcome read back from its completed event). */
export function findUpdate(run: Run, id: string): UpdateEntry | undefined {
  const live = registryOf(run).get(id);
  if (live) return live;
  const rec = run.state.updates?.[id];
  if (!rec || rec.completedId === 0) return undefined;
  const event = History.decode(run.historyBytes(rec.completedId, rec.completedId)) as unknown as temporal.api.history.v1.IHistory;
  const entry = newEntry(id, 'completed');
  entry.acceptedId = rec.acceptedId;
  entry.outcome = event.events?.[0]?.workflowExecutionUpdateCompletedEventAttributes?.outcome ?? {};
  return entry;
}

export interface AdmitResult {
  entry: UpdateEntry;
  /** False when the id named an update the run already had (deduplicated). */
  created: boolean;
}

/** UpdateWorkflowExecution's admission (ApplyRequest on the server). Call inside a transaction. */
export function admitUpdate(engine: Engine, run: Run, request: UpdateRequest): AdmitResult {
  const id = request.meta!.updateId!;
  const st = run.state;
  if (!run.isOpen) {
    const done = findUpdate(run, id);
    if (done) return { entry: done, created: false };
    throw notFound('workflow execution already completed');
  }
  if (st.wt && st.wt.attempt >= 3) throw workflowNotReady('Unable to perform workflow execution update due to Workflow Task in failed state.');
  const existing = findUpdate(run, id);
  if (existing) return { entry: existing, created: false };
  const reg = registryOf(run);
  const { maxInFlightUpdates, maxTotalUpdates } = engine.tuning;
  if (maxInFlightUpdates > 0 && reg.size >= maxInFlightUpdates) {
    throw resourceExhausted(`limit on number of concurrent in-flight updates has been reached (${maxInFlightUpdates})`, RE.CONCURRENT_LIMIT);
  }
  const completed = Object.values(st.updates ?? {}).filter((r) => r.completedId > 0).length;
  if (maxTotalUpdates > 0 && reg.size + completed >= maxTotalUpdates) {
    throw new EngineError(
      Code.FAILED_PRECONDITION,
      `The limit on the total number of distinct updates in this workflow has been reached (${maxTotalUpdates}). Make sure any duplicate updates share an Update ID so the server can deduplicate them, and consider rejecting updates that you aren't going to process. You can also Continue-as-New to avoid this; we recommend you check Continue-as-New Suggested in your Workflow.`,
    );
  }
  const entry = newEntry(id, 'admitted');
  entry.request = detach(request);
  reg.set(id, entry);
  return { entry, created: true };
}

export function hasUnsentUpdates(run: Run): boolean {
  if (!run.updates) return false;
  for (const e of run.updates.values()) if (e.phase === 'admitted') return true;
  return false;
}

const REQUEST_TYPE_URL = 'type.googleapis.com/temporal.api.update.v1.Request';
const RequestType = lookupType('temporal.api.update.v1.Request');

/** Protocol messages for a starting workflow task: every update not yet answered, in admission order. */
export function outgoingMessages(run: Run, startedId: number): temporal.api.protocol.v1.IMessage[] {
  if (!run.updates) return [];
  const out: temporal.api.protocol.v1.IMessage[] = [];
  for (const e of run.updates.values()) {
    // 'sent' ones too: the task that carried them failed or timed out, the next attempt carries them again.
    if ((e.phase !== 'admitted' && e.phase !== 'sent') || !e.request) continue;
    e.phase = 'sent';
    out.push({
      id: `${e.id}/request`,
      protocolInstanceId: e.id,
      eventId: (startedId - 1) as never,
      body: { type_url: REQUEST_TYPE_URL, value: RequestType.encode(e.request).finish() } as never,
    });
  }
  return out;
}

function settle(entry: UpdateEntry, outcome: Outcome): void {
  entry.phase = 'completed';
  entry.outcome = outcome;
  entry.request = undefined;
}

function notify(engine: Engine, entry: UpdateEntry): void {
  engine.effect(() => [...entry.listeners].forEach((l) => l()));
}

export function markAccepted(engine: Engine, run: Run, entry: UpdateEntry, acceptedId: number): void {
  entry.phase = 'accepted';
  entry.acceptedId = acceptedId;
  entry.request = undefined;
  run.state.updates = { ...(run.state.updates ?? {}), [entry.id]: { acceptedId, completedId: 0 } };
  notify(engine, entry);
}

/** A rejection (validator) writes nothing and forgets the id, as the server's registry does. */
export function markRejected(engine: Engine, run: Run, entry: UpdateEntry, failure: Failure): void {
  settle(entry, { failure });
  registryOf(run).delete(entry.id);
  notify(engine, entry);
}

export function markCompleted(engine: Engine, run: Run, entry: UpdateEntry, o: { completedId: number; outcome: Outcome }): void {
  settle(entry, detach(o.outcome));
  const rec = run.state.updates?.[entry.id];
  if (rec) run.state.updates = { ...run.state.updates, [entry.id]: { ...rec, completedId: o.completedId } };
  registryOf(run).delete(entry.id);
  notify(engine, entry);
}

function abort(engine: Engine, entry: UpdateEntry, error: EngineError): void {
  entry.error = error;
  entry.request = undefined;
  notify(engine, entry);
}

/** The server aborts the updates the failed task carried (WorkflowNotReady); unsent ones wait for the next task. */
export function abortSentUpdates(engine: Engine, run: Run): void {
  if (!run.updates) return;
  for (const e of [...run.updates.values()]) {
    if (e.phase !== 'sent') continue;
    run.updates.delete(e.id);
    abort(engine, e, workflowNotReady('Unable to perform workflow execution update due to unexpected workflow task failure.'));
  }
}

/** The run closed: unaccepted updates fail (the client retries on the next run after continue-as-new), accepted ones get a failure outcome. */
export function abortUpdatesOnClose(engine: Engine, run: Run, continuing: boolean): void {
  if (!run.updates && !Object.values(run.state.updates ?? {}).some((r) => r.completedId === 0)) return;
  const reg = registryOf(run);
  for (const e of [...reg.values()]) {
    if (e.phase === 'accepted') {
      settle(e, { failure: acceptedUpdateCompletedWorkflowFailure });
      notify(engine, e);
    } else if (e.phase === 'sent' && run.applyingTask) {
      continue; // the server rejects these as unprocessed once the task's messages are applied
    } else if (e.phase !== 'completed') {
      reg.delete(e.id);
      abort(
        engine,
        e,
        continuing
          ? resourceExhausted('workflow operation can not be applied because workflow is closing', RE.BUSY_WORKFLOW)
          : notFound('workflow update was aborted by closing workflow'),
      );
    }
  }
}
