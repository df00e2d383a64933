// A real, small A2ARequestHandler over a Map, to test the protocol layer without Temporal. It keeps
// the same task record and sequence semantics as the task workflows (src/task-runtime/task-record):
// seq 0 is the submitted task, every change appends the next event. Behaviour is chosen by the
// first word of the message text (see `behaviourOf`), so a test drives it like a client would.
import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { A2AError } from '../../api/a2a-error';
import type {
  A2ARequestHandler,
  CallContext,
  ListTasksParams,
  ListTasksResult,
  SendMessageParams,
  SendMessageResult,
  SequencedStreamEvent,
} from '../../api/request-handler';
import { isInterruptedState, isTerminalState, type Message, type PushNotificationConfig, type Task } from '../../src/a2a-model/types';
import { addHistoryMessage, createTaskRecord, setStatus, updateArtifact, type TaskRecord } from '../../src/task-runtime/task-record';
import { viewTask } from '../../src/task-runtime/task-view';

/**
 * `input-required …` asks for input once, then echoes the answer; `hold …` stays working until
 * `release(taskId)`; `message-only …` answers with a direct Message; `reject …`/`fail …` end so;
 * `explode …` starts working, then every stream of it breaks with an unexpected error; anything else
 * is echoed as an artifact and the completing message.
 */
export type Behaviour = 'echo' | 'input-required' | 'hold' | 'message-only' | 'reject' | 'fail' | 'explode';

const behaviourOf = (text: string): Behaviour => {
  const word = text.trim().split(/\s+/)[0]?.toLowerCase();
  const known: Behaviour[] = ['input-required', 'hold', 'message-only', 'reject', 'fail', 'explode'];
  return (known as string[]).includes(word) ? (word as Behaviour) : 'echo';
};

const textOf = (message: Message) =>
  message.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');

interface StoredTask {
  scope: string;
  record: TaskRecord;
  behaviour: Behaviour;
  pushConfigs: Map<string, PushNotificationConfig>;
  changed: EventEmitter;
  order: number;
}

export interface StreamClosed {
  method: 'sendStreamingMessage' | 'subscribeToTask';
  taskId?: string;
  /** True when the stream ended because the call's signal was aborted (client gone, shutdown). */
  aborted: boolean;
}

export class InMemoryRequestHandler implements A2ARequestHandler {
  private readonly tasks = new Map<string, StoredTask>();
  private readonly byMessageId = new Map<string, string>();
  private order = 0;
  /** Every call with its context, for assertions on what the protocol layer passed in. */
  readonly calls: Array<{ method: keyof A2ARequestHandler; ctx: CallContext; params: unknown }> = [];
  /** Emits 'stream-closed' with a StreamClosed whenever a stream of this handler finishes. */
  readonly events = new EventEmitter();

  nextStreamClose(): Promise<StreamClosed> {
    return once(this.events, 'stream-closed').then(([closed]) => closed as StreamClosed);
  }

  async sendMessage(ctx: CallContext, params: SendMessageParams): Promise<SendMessageResult> {
    this.calls.push({ method: 'sendMessage', ctx, params });
    const started = this.start(ctx, params);
    if (started.kind === 'message') return started;
    const stored = started.stored;
    if (!params.configuration?.returnImmediately) {
      while (!this.settled(stored.record.task) && !ctx.signal.aborted) await this.changeOrAbort(stored, ctx.signal);
    }
    return { kind: 'task', task: viewTask(stored.record.task, { historyLength: params.configuration?.historyLength }) };
  }

  async *sendStreamingMessage(ctx: CallContext, params: SendMessageParams): AsyncIterable<SequencedStreamEvent> {
    this.calls.push({ method: 'sendStreamingMessage', ctx, params });
    const started = this.start(ctx, params);
    if (started.kind === 'message') {
      yield { seq: 0, event: { kind: 'message', message: started.message } };
      return;
    }
    yield* this.follow(ctx, started.stored, started.snapshot, 'sendStreamingMessage');
  }

  async getTask(ctx: CallContext, params: { id: string; historyLength?: number }): Promise<Task> {
    this.calls.push({ method: 'getTask', ctx, params });
    return viewTask(this.find(ctx, params.id).record.task, { historyLength: params.historyLength });
  }

  async listTasks(ctx: CallContext, params: ListTasksParams): Promise<ListTasksResult> {
    this.calls.push({ method: 'listTasks', ctx, params });
    const after = params.statusTimestampAfter ? Date.parse(params.statusTimestampAfter) : undefined;
    const matching = [...this.tasks.values()]
      .filter((t) => t.scope === scopeOf(ctx))
      .filter((t) => params.contextId === undefined || t.record.task.contextId === params.contextId)
      .filter((t) => params.state === undefined || t.record.task.status.state === params.state)
      .filter((t) => after === undefined || Date.parse(t.record.task.status.timestamp) >= after)
      .sort((a, b) => b.record.task.status.timestamp.localeCompare(a.record.task.status.timestamp) || b.order - a.order);
    const offset = params.pageToken ? decodeToken(params.pageToken) : 0;
    const pageSize = params.pageSize ?? 50;
    const page = matching.slice(offset, offset + pageSize);
    const next = offset + pageSize < matching.length ? encodeToken(offset + pageSize) : '';
    const view = { historyLength: params.historyLength, includeArtifacts: params.includeArtifacts ?? false };
    return { tasks: page.map((t) => viewTask(t.record.task, view)), nextPageToken: next, pageSize, totalSize: matching.length };
  }

  async cancelTask(ctx: CallContext, params: { id: string }): Promise<Task> {
    this.calls.push({ method: 'cancelTask', ctx, params });
    const stored = this.find(ctx, params.id);
    const { state } = stored.record.task.status;
    if (isTerminalState(state)) throw A2AError.taskNotCancelable(params.id, state);
    this.apply(stored, (r) => setStatus(r, { state: 'canceled', now: now() }));
    return viewTask(stored.record.task);
  }

  async *subscribeToTask(ctx: CallContext, params: { id: string; lastEventId?: number }): AsyncIterable<SequencedStreamEvent> {
    this.calls.push({ method: 'subscribeToTask', ctx, params });
    const stored = this.find(ctx, params.id);
    const { record } = stored;
    if (params.lastEventId !== undefined && params.lastEventId > record.seq) {
      throw A2AError.invalidFields([{ field: 'Last-Event-ID', description: `no event ${params.lastEventId} yet; the latest is ${record.seq}` }]);
    }
    if (params.lastEventId === undefined && isTerminalState(record.task.status.state)) {
      throw A2AError.unsupportedOperation(`Task ${params.id} is ${record.task.status.state}; there is nothing to subscribe to`);
    }
    // A resumed stream of a finished task with nothing left to send is simply over.
    if (params.lastEventId === record.seq && this.settled(record.task)) return;
    const snapshot = params.lastEventId === undefined ? { seq: record.seq, task: structuredClone(record.task) } : undefined;
    yield* this.follow(ctx, stored, snapshot, 'subscribeToTask', params.lastEventId);
  }

  async createPushConfig(
    ctx: CallContext,
    params: { taskId: string; config: Omit<PushNotificationConfig, 'taskId' | 'id'> & { id?: string } },
  ): Promise<PushNotificationConfig> {
    this.calls.push({ method: 'createPushConfig', ctx, params });
    const stored = this.find(ctx, params.taskId);
    const config: PushNotificationConfig = { ...params.config, id: params.config.id ?? randomUUID(), taskId: params.taskId };
    stored.pushConfigs.set(config.id, config);
    return config;
  }

  async getPushConfig(ctx: CallContext, params: { taskId: string; id: string }): Promise<PushNotificationConfig> {
    this.calls.push({ method: 'getPushConfig', ctx, params });
    const config = this.find(ctx, params.taskId).pushConfigs.get(params.id);
    if (!config) throw new A2AError('TaskNotFoundError', `Push notification config not found: ${params.id}`, { taskId: params.taskId, configId: params.id });
    return config;
  }

  async listPushConfigs(
    ctx: CallContext,
    params: { taskId: string; pageSize?: number; pageToken?: string },
  ): Promise<{ configs: PushNotificationConfig[]; nextPageToken: string }> {
    this.calls.push({ method: 'listPushConfigs', ctx, params });
    const all = [...this.find(ctx, params.taskId).pushConfigs.values()];
    const offset = params.pageToken ? decodeToken(params.pageToken) : 0;
    const size = params.pageSize ?? 100;
    return { configs: all.slice(offset, offset + size), nextPageToken: offset + size < all.length ? encodeToken(offset + size) : '' };
  }

  async deletePushConfig(ctx: CallContext, params: { taskId: string; id: string }): Promise<void> {
    this.calls.push({ method: 'deletePushConfig', ctx, params });
    this.find(ctx, params.taskId).pushConfigs.delete(params.id);
  }

  /** Lets a `hold` task finish: echo artifact, then completed. */
  release(taskId: string): void {
    const stored = this.tasks.get(taskId);
    if (!stored || this.settled(stored.record.task)) throw new Error(`task ${taskId} is not holding`);
    this.finishEcho(stored, textOf(stored.record.task.history?.[0] ?? { messageId: '', role: 'user', parts: [] }));
  }

  private start(ctx: CallContext, params: SendMessageParams): { kind: 'message'; message: Message } | { kind: 'task'; stored: StoredTask; snapshot: { seq: number; task: Task } } {
    const { message } = params;
    const text = textOf(message);
    const dedupeKey = `${scopeOf(ctx)}|${message.messageId}`;
    const seen = this.byMessageId.get(dedupeKey);
    if (seen) {
      // Idempotent re-send: the same task, no second processing.
      const stored = this.tasks.get(seen)!;
      return { kind: 'task', stored, snapshot: { seq: stored.record.seq, task: structuredClone(stored.record.task) } };
    }
    if (message.taskId !== undefined) return this.continueTask(ctx, params);
    const behaviour = behaviourOf(text);
    const contextId = message.contextId ?? randomUUID();
    if (behaviour === 'message-only') {
      return { kind: 'message', message: { messageId: randomUUID(), role: 'agent', contextId, parts: [{ kind: 'text', text: `echo: ${text}` }] } };
    }
    const record = createTaskRecord({ taskId: randomUUID(), contextId, message, now: now(), metadata: params.metadata });
    const stored: StoredTask = { scope: scopeOf(ctx), record, behaviour, pushConfigs: new Map(), changed: new EventEmitter(), order: this.order++ };
    stored.changed.setMaxListeners(0);
    if (params.configuration?.pushNotificationConfig) {
      const config = { ...params.configuration.pushNotificationConfig, id: params.configuration.pushNotificationConfig.id ?? randomUUID(), taskId: record.task.id };
      stored.pushConfigs.set(config.id, config);
    }
    this.tasks.set(record.task.id, stored);
    this.byMessageId.set(dedupeKey, record.task.id);
    const snapshot = { seq: record.seq, task: structuredClone(record.task) };
    // Work happens after the reply is possible, as with a real agent: non-blocking sends see `submitted`.
    setImmediate(() => this.run(stored, text));
    return { kind: 'task', stored, snapshot };
  }

  private continueTask(ctx: CallContext, params: SendMessageParams): { kind: 'task'; stored: StoredTask; snapshot: { seq: number; task: Task } } {
    const { message } = params;
    const stored = this.find(ctx, message.taskId!);
    const task = stored.record.task;
    if (message.contextId !== undefined && message.contextId !== task.contextId) {
      throw A2AError.invalidFields([{ field: 'message.contextId', description: `does not match the context of task ${task.id}` }]);
    }
    if (isTerminalState(task.status.state)) {
      throw A2AError.unsupportedOperation(`Task ${task.id} is ${task.status.state} and accepts no more messages`, { taskId: task.id });
    }
    if (task.status.state !== 'input-required') {
      throw A2AError.unsupportedOperation(`Task ${task.id} is ${task.status.state} and is not waiting for input`, { taskId: task.id });
    }
    this.byMessageId.set(`${scopeOf(ctx)}|${message.messageId}`, task.id);
    addHistoryMessage(stored.record, message);
    // Accepting the input resumes the task at once, so a stream for this message starts from `working`.
    this.apply(stored, (r) => setStatus(r, { state: 'working', now: now() }));
    const snapshot = { seq: stored.record.seq, task: structuredClone(task) };
    setImmediate(() => this.finishEcho(stored, textOf(message)));
    return { kind: 'task', stored, snapshot };
  }

  private run(stored: StoredTask, text: string): void {
    if (isTerminalState(stored.record.task.status.state)) return; // canceled before it started
    this.apply(stored, (r) => setStatus(r, { state: 'working', now: now() }));
    switch (stored.behaviour) {
      case 'input-required':
        return this.apply(stored, (r) => setStatus(r, { state: 'input-required', now: now(), message: agentSays('What else should I echo?') }));
      case 'reject':
        return this.apply(stored, (r) => setStatus(r, { state: 'rejected', now: now(), message: agentSays('I will not do that.') }));
      case 'fail':
        return this.apply(stored, (r) => setStatus(r, { state: 'failed', now: now(), message: agentSays('Something went wrong.') }));
      case 'hold':
      case 'explode':
        return;
      default:
        return this.finishEcho(stored, text);
    }
  }

  private finishEcho(stored: StoredTask, text: string): void {
    if (isTerminalState(stored.record.task.status.state)) return;
    if (stored.record.task.status.state !== 'working') this.apply(stored, (r) => setStatus(r, { state: 'working', now: now() }));
    this.apply(stored, (r) => updateArtifact(r, { artifact: { artifactId: 'echo', name: 'echo', parts: [{ kind: 'text', text }] }, lastChunk: true }));
    this.apply(stored, (r) => setStatus(r, { state: 'completed', now: now(), message: agentSays(text) }));
  }

  private apply(stored: StoredTask, change: (record: TaskRecord) => unknown): void {
    change(stored.record);
    stored.changed.emit('change');
  }

  /** Snapshot (if any) then every event after it, live, until a terminal or interrupted status or abort. */
  private async *follow(
    ctx: CallContext,
    stored: StoredTask,
    snapshot: { seq: number; task: Task } | undefined,
    method: StreamClosed['method'],
    afterSeq = snapshot?.seq ?? 0,
  ): AsyncIterable<SequencedStreamEvent> {
    let aborted = false;
    try {
      if (snapshot) {
        yield { seq: snapshot.seq, event: { kind: 'task', task: snapshot.task } };
        if (this.settled(snapshot.task)) return;
      }
      let cursor = afterSeq;
      for (;;) {
        for (const sequenced of stored.record.log.filter((e) => e.seq > cursor)) {
          cursor = sequenced.seq;
          yield sequenced;
          if (sequenced.event.kind === 'status-update' && this.settled(sequenced.event)) return;
        }
        if (stored.behaviour === 'explode' && cursor > 0) throw new Error('simulated backend failure');
        if (ctx.signal.aborted) {
          aborted = true;
          return;
        }
        await this.changeOrAbort(stored, ctx.signal);
      }
    } finally {
      this.events.emit('stream-closed', { method, taskId: stored.record.task.id, aborted: aborted || ctx.signal.aborted } satisfies StreamClosed);
    }
  }

  private settled(task: Pick<Task, 'status'>): boolean {
    return isTerminalState(task.status.state) || isInterruptedState(task.status.state);
  }

  private changeOrAbort(stored: StoredTask, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        stored.changed.off('change', done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      stored.changed.on('change', done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private find(ctx: CallContext, taskId: string): StoredTask {
    const stored = this.tasks.get(taskId);
    // Another agent's or tenant's task is indistinguishable from a missing one.
    if (!stored || stored.scope !== scopeOf(ctx)) throw A2AError.taskNotFound(taskId);
    return stored;
  }
}

const scopeOf = (ctx: CallContext) => `${ctx.agentId}|${ctx.principal.tenant}|${ctx.tenant ?? ''}`;
const now = () => new Date().toISOString();
const agentSays = (text: string): Message => ({ messageId: randomUUID(), role: 'agent', parts: [{ kind: 'text', text }] });
const encodeToken = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

function decodeToken(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw A2AError.invalidFields([{ field: 'pageToken', description: 'is not a token this server issued' }]);
  return Number(match[1]);
}
