// What an agent workflow sees of its task: move it through A2A states, add artifacts, ask the client
// for input and wait (durably, for days if need be), or answer with a direct message instead of a
// task. Every change goes through the sequenced record, so streams, pushes and visibility follow it.
import { log, patched, upsertMemo, upsertSearchAttributes, uuid4 } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common/lib/time';
import type { Artifact, JsonObject, Message, Part, Task, TaskState } from '../../src/a2a-model/types';
import { isTerminalState } from '../../src/a2a-model/types';
import {
  taskSearchAttributes,
  type ReceivedInput,
  type ResponseMode,
  type TaskGrants,
  type TaskWorkflowInput,
} from '../../src/task-runtime/contract';
import {
  addHistoryMessage,
  setStatus,
  updateArtifact,
  type SequencedEvent,
  type TaskRecord,
} from '../../src/task-runtime/task-record';
import { messageText } from '../../src/task-runtime/message-text';
import { refuseAccepted, type InputOutcome } from '../../src/task-runtime/input-outcome';
import { VisibilityPublisher } from './visibility-publisher';
import { waitForInput, type HandOff } from './continue-as-new';
import { StatusMetrics } from './task-metrics';

export type MessageContent = string | Part[] | Message;

export interface InputRequest {
  message: MessageContent;
  state?: 'input-required' | 'auth-required';
  /** How long to wait; undefined waits forever. Resolves `undefined` on timeout. */
  timeout?: number | string;
  /** The agent's state to resume from if the task continues as new while it waits (see continue-as-new.ts). */
  resumeWith?: () => JsonObject;
  /** With `resumeWith`: false while a hand-off must wait (the agent's own activities still run). */
  canHandOff?: () => boolean;
}

/** The mutable state a task workflow owns; the context and the handlers share it. */
export interface TaskWorkflowState {
  record: TaskRecord;
  mode: ResponseMode;
  directMessage?: Message;
  pendingInputs: ReceivedInput[];
  seenMessageIds: Set<string>;
  /** What became of each recent input, bounded (see input-outcome.ts and input-outcomes.ts). */
  inputOutcomes: InputOutcome[];
  grants: TaskGrants;
  onEvent: (event: SequencedEvent) => void;
  /** Where the run hands the task to its next run (continue-as-new). */
  handOff?: HandOff;
}

/**
 * Set from the start on runs that publish visibility once per activation and as search attributes
 * only; earlier runs upserted search attributes and a memo copy of the status on every change.
 */
/** States an operator wants to see in the log ('working' and 'submitted' would only be noise). */
const LOGGED_STATES: ReadonlySet<TaskState> = new Set(['input-required', 'auth-required', 'completed', 'failed', 'canceled', 'rejected']);

const VISIBILITY_PER_ACTIVATION_PATCH = 'visibility-once-per-activation';
/**
 * Set from the start on runs that publish synchronously, with the compact task copy in the memo
 * (visibility-publisher.ts): no command from a microtask. Earlier runs replay the paths above.
 */
const PUBLISHED_TASK_PATCH = 'published-task-memo';

export class TaskContext {
  private visibilityPending = false;
  private readonly statusMetrics: StatusMetrics;
  private readonly publisher: VisibilityPublisher;

  constructor(
    readonly input: TaskWorkflowInput,
    private readonly state: TaskWorkflowState,
  ) {
    this.publisher = new VisibilityPublisher(input, state);
    this.statusMetrics = new StatusMetrics(input.agentId);
  }

  get taskId(): string {
    return this.input.taskId;
  }

  get contextId(): string {
    return this.input.contextId;
  }

  get task(): Readonly<Task> {
    return this.state.record.task;
  }

  get settings(): JsonObject {
    return this.input.settings ?? {};
  }

  /** The most recent message from the client: the creating one, or the last input. */
  get lastUserMessage(): Message {
    const history = this.state.record.task.history ?? [];
    return [...history].reverse().find((m) => m.role === 'user') ?? this.input.message;
  }

  agentMessage(content: MessageContent, metadata?: JsonObject): Message {
    if (typeof content === 'object' && !Array.isArray(content)) return content;
    const parts: Part[] = typeof content === 'string' ? [{ kind: 'text', text: content }] : content;
    return {
      messageId: uuid4(),
      role: 'agent',
      parts,
      taskId: this.taskId,
      contextId: this.contextId,
      ...(metadata ? { metadata } : {}),
    };
  }

  setStatus(state: TaskState, message?: MessageContent, metadata?: JsonObject): void {
    this.state.mode = 'task';
    const previous = this.statusMetrics.leaving(this.state.record.task.status, state);
    const statusMessage = message !== undefined ? this.agentMessage(message) : undefined;
    const event = setStatus(this.state.record, {
      state,
      now: new Date().toISOString(),
      ...(statusMessage ? { message: statusMessage } : {}),
      ...(metadata ? { metadata } : {}),
    });
    this.publishVisibility();
    this.state.onEvent(event);
    this.statusMetrics.report(previous, state, this.state.record.createdAt);
    if (LOGGED_STATES.has(state)) this.logLifecycle(state, statusMessage && messageText(statusMessage));
  }

  /**
   * One info line per lifecycle event for operators. The SDK's workflow logger writes nothing while
   * replaying, so a replayed history does not log its events again; a log line is not a command.
   */
  logLifecycle(event: string, reason?: string): void {
    log.info(`task ${event}`, {
      lifecycle: event,
      taskId: this.taskId,
      contextId: this.contextId,
      agentId: this.input.agentId,
      ...(reason ? { reason } : {}),
    });
  }

  working(message?: MessageContent): void {
    this.setStatus('working', message);
  }

  complete(message?: MessageContent): void {
    this.setStatus('completed', message);
  }

  fail(reason: MessageContent): void {
    this.setStatus('failed', reason);
  }

  reject(reason: MessageContent): void {
    this.setStatus('rejected', reason);
  }

  addArtifact(artifact: Artifact, options: { append?: boolean; lastChunk?: boolean } = {}): void {
    this.state.mode = 'task';
    this.state.onEvent(updateArtifact(this.state.record, { artifact, ...options }));
    if (patched(PUBLISHED_TASK_PATCH)) this.publisher.contentChanged();
  }

  /**
   * Merges keys into the task's metadata (token usage, a stop reason, an outcome), which GetTask and
   * the final snapshot show. Not an event of its own: pass the same values to the status update
   * that goes with them so streams and pushes see them too.
   */
  mergeMetadata(patch: JsonObject): void {
    const task = this.state.record.task;
    task.metadata = { ...task.metadata, ...patch };
  }

  /** Answer with a Message instead of a Task; the run then ends and no task is visible to clients. */
  replyWithMessage(content: MessageContent): void {
    if (this.state.mode === 'task') throw new Error('this task has already been announced; it cannot become a message reply');
    this.state.mode = 'message';
    this.state.directMessage = this.agentMessage(content);
    this.statusMetrics.report(this.statusMetrics.leaving(this.state.record.task.status, 'message'), 'message', this.state.record.createdAt);
    upsertSearchAttributes([{ key: taskSearchAttributes.kind, value: 'message' }]);
  }

  /**
   * Lets principals of the owner's tenant with one of these roles read and answer the task (for
   * example the approvers of a decision), until revoked.
   */
  grantAccess(roles: string[]): void {
    this.state.grants = { roles: [...new Set(roles)].sort() };
    upsertSearchAttributes([{ key: taskSearchAttributes.grantedRoles, value: this.state.grants.roles }]);
    if (patched(PUBLISHED_TASK_PATCH)) this.publisher.grantsChanged();
  }

  revokeAccess(): void {
    this.state.grants = { roles: [] };
    upsertSearchAttributes([{ key: taskSearchAttributes.grantedRoles, value: [] }]);
    if (patched(PUBLISHED_TASK_PATCH)) this.publisher.grantsChanged();
  }

  /**
   * Moves the task to input-required (or auth-required) and waits for the next message. Inputs that
   * arrived earlier are taken first, in order; each is added to the task history, and its sender is
   * returned with it so decisions can record who made them.
   */
  async requestInput(request: InputRequest): Promise<ReceivedInput | undefined> {
    // In a continued run, the wait the previous run handed off in goes on, announced once. A
    // resumable wait's timeout must come from an absolute deadline in the agent's state.
    const deadline = request.timeout === undefined ? undefined : Date.now() + msToNumber(request.timeout);
    const resumed = this.state.handOff?.resumesWait(deadline) ?? false;
    if (this.state.pendingInputs.length === 0) {
      if (!resumed) this.setStatus(request.state ?? 'input-required', request.message);
      const hasInput = () => this.state.pendingInputs.length > 0;
      const { timeout, resumeWith, canHandOff } = request;
      if (!(await waitForInput({ handOff: this.state.handOff, hasInput, timeout, resumeWith, canHandOff }))) return undefined;
    }
    const input = this.state.pendingInputs.shift() as ReceivedInput;
    addHistoryMessage(this.state.record, input.message);
    this.setStatus('working');
    return input;
  }

  /**
   * Records that the agent refused an input it took (who may not decide, an answer that is no
   * decision): the input's outcome, as the API and a re-send read it. The input stays in the history;
   * the agent says why in its next status, as before.
   */
  refuseInput(input: ReceivedInput, refusal: { code: string; detail: string }): void {
    refuseAccepted(this.state.inputOutcomes, input.message.messageId, {
      reason: 'refused-by-agent',
      ...refusal,
      at: new Date().toISOString(),
      seq: this.state.record.seq,
    });
  }

  /** What the agent handed to this run when its task continued as new (see `checkpoint`). */
  get resumedState(): JsonObject | undefined {
    return this.input.carried?.agentState;
  }

  /**
   * A point between steps the agent can resume from with `agentState()`: when continue-as-new is due
   * the task goes on in a new run (the body then starts again, reading `resumedState`).
   */
  async checkpoint(agentState: () => JsonObject): Promise<void> {
    await this.state.handOff?.at(agentState);
  }

  get isFinished(): boolean {
    return this.state.mode === 'message' || isTerminalState(this.state.record.task.status.state);
  }

  private publishVisibility(): void {
    if (patched(PUBLISHED_TASK_PATCH)) return this.publisher.statusChanged();
    if (!patched(VISIBILITY_PER_ACTIVATION_PATCH)) return this.publishEveryStatus();
    if (this.visibilityPending) return;
    this.visibilityPending = true;
    // Commands leave the worker only when the activation ends, so of several status changes in one
    // activation only the last is ever visible: one upsert (one command, one history event) after
    // the workflow code has run to its next wait. Queued before anything can complete the run, so it
    // always precedes the closing command. Nothing reads a memo: the search attributes carry it all.
    void Promise.resolve().then(() => {
      this.visibilityPending = false;
      upsertSearchAttributes(this.visibilityAttributes());
    });
  }

  private publishEveryStatus(): void {
    upsertSearchAttributes(this.visibilityAttributes());
    const { status } = this.state.record.task;
    upsertMemo({ status: { state: status.state, timestamp: status.timestamp } });
  }

  private visibilityAttributes() {
    const { status } = this.state.record.task;
    return [
      { key: taskSearchAttributes.state, value: status.state },
      { key: taskSearchAttributes.kind, value: 'task' },
      { key: taskSearchAttributes.statusTimestamp, value: new Date(status.timestamp) },
    ];
  }
}
