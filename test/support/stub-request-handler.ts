// A stub A2ARequestHandler for tests of the transport and bindings only (routing, envelopes, auth,
// SSE framing, error mapping, disconnects): it stores nothing and applies no product rule. Product
// rules (lookup, cancel, input policy, idempotency, historyLength, listing, push configs) are tested
// against the real task service (test/support/platform-test-server.ts). It records every call, and
// the first word of the message text scripts its answer (see `scriptOf`).
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
import type { Message, PushNotificationConfig, Task, TaskState } from '../../src/a2a-model/types';

/**
 * `message-only …` answers with a direct Message; `hold …` stays working until `release(taskId)` or
 * the call's abort; `explode …` breaks its stream with an unexpected error after `working`; anything
 * else completes at once with the text echoed as an artifact.
 */
type Script = 'echo' | 'message-only' | 'hold' | 'explode';

const textOf = (message: Message) => message.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');

function scriptOf(message: Message): Script {
  const word = textOf(message).trim().split(/\s+/)[0]?.toLowerCase();
  return word === 'message-only' || word === 'hold' || word === 'explode' ? word : 'echo';
}

export interface StreamClosed {
  method: 'sendStreamingMessage' | 'subscribeToTask';
  taskId?: string;
  /** True when the stream ended because the call's signal was aborted (client gone, shutdown). */
  aborted: boolean;
}

export class StubRequestHandler implements A2ARequestHandler {
  /** Every call with its context, for assertions on what the protocol layer passed in. */
  readonly calls: Array<{ method: keyof A2ARequestHandler; ctx: CallContext; params: unknown }> = [];
  /** Emits 'stream-closed' with a StreamClosed whenever a stream of this handler finishes. */
  readonly events = new EventEmitter();
  /** Held tasks by id, until released. */
  private readonly held = new Map<string, { task: Task; released: EventEmitter }>();

  nextStreamClose(): Promise<StreamClosed> {
    return once(this.events, 'stream-closed').then(([closed]) => closed as StreamClosed);
  }

  /** Lets a `hold` task complete. */
  release(taskId: string): void {
    const held = this.held.get(taskId);
    if (!held) throw new Error(`task ${taskId} is not holding`);
    this.held.delete(taskId);
    held.released.emit('released');
  }

  async sendMessage(ctx: CallContext, params: SendMessageParams): Promise<SendMessageResult> {
    this.calls.push({ method: 'sendMessage', ctx, params });
    const script = scriptOf(params.message);
    if (script === 'message-only') return { kind: 'message', message: directReply(params.message) };
    const task = taskFor(params.message, script === 'hold' ? 'working' : 'completed');
    if (script === 'hold') {
      const released = this.hold(task);
      if (!params.configuration?.returnImmediately) await untilReleasedOrAborted(released, ctx.signal);
    }
    return { kind: 'task', task };
  }

  async *sendStreamingMessage(ctx: CallContext, params: SendMessageParams): AsyncIterable<SequencedStreamEvent> {
    this.calls.push({ method: 'sendStreamingMessage', ctx, params });
    const script = scriptOf(params.message);
    if (script === 'message-only') {
      yield { seq: 0, event: { kind: 'message', message: directReply(params.message) } };
      return;
    }
    const task = taskFor(params.message, 'submitted');
    const released = script === 'hold' ? this.hold(task) : undefined;
    yield* this.stream(ctx, 'sendStreamingMessage', task, async function* () {
      yield { seq: 1, event: status(task, 'working') };
      if (script === 'explode') throw new Error('simulated backend failure');
      if (released && !(await untilReleasedOrAborted(released, ctx.signal))) return;
      yield { seq: 2, event: { kind: 'artifact-update', taskId: task.id, contextId: task.contextId, artifact: { artifactId: 'echo', parts: [{ kind: 'text', text: textOf(params.message) }] }, lastChunk: true } };
      yield { seq: 3, event: status(task, 'completed') };
    });
  }

  async *subscribeToTask(ctx: CallContext, params: { id: string; lastEventId?: number }): AsyncIterable<SequencedStreamEvent> {
    this.calls.push({ method: 'subscribeToTask', ctx, params });
    const held = this.held.get(params.id);
    if (!held) throw A2AError.taskNotFound(params.id);
    yield* this.stream(ctx, 'subscribeToTask', held.task, async function* () {
      if (!(await untilReleasedOrAborted(held.released, ctx.signal))) return;
      yield { seq: 2, event: status(held.task, 'completed') };
    });
  }

  async getTask(ctx: CallContext, params: { id: string; historyLength?: number }): Promise<Task> {
    this.calls.push({ method: 'getTask', ctx, params });
    throw A2AError.taskNotFound(params.id);
  }

  async listTasks(ctx: CallContext, params: ListTasksParams): Promise<ListTasksResult> {
    this.calls.push({ method: 'listTasks', ctx, params });
    return { tasks: [], nextPageToken: '', pageSize: params.pageSize ?? 50, totalSize: 0 };
  }

  async cancelTask(ctx: CallContext, params: { id: string }): Promise<Task> {
    this.calls.push({ method: 'cancelTask', ctx, params });
    throw A2AError.taskNotFound(params.id);
  }

  async createPushConfig(ctx: CallContext, params: { taskId: string }): Promise<PushNotificationConfig> {
    this.calls.push({ method: 'createPushConfig', ctx, params });
    throw A2AError.taskNotFound(params.taskId);
  }

  async getPushConfig(ctx: CallContext, params: { taskId: string; id: string }): Promise<PushNotificationConfig> {
    this.calls.push({ method: 'getPushConfig', ctx, params });
    throw A2AError.taskNotFound(params.taskId);
  }

  async listPushConfigs(ctx: CallContext, params: { taskId: string }): Promise<{ configs: PushNotificationConfig[]; nextPageToken: string }> {
    this.calls.push({ method: 'listPushConfigs', ctx, params });
    throw A2AError.taskNotFound(params.taskId);
  }

  async deletePushConfig(ctx: CallContext, params: { taskId: string; id: string }): Promise<void> {
    this.calls.push({ method: 'deletePushConfig', ctx, params });
    throw A2AError.taskNotFound(params.taskId);
  }

  private hold(task: Task): EventEmitter {
    const released = new EventEmitter();
    this.held.set(task.id, { task, released });
    return released;
  }

  /** The Task first, then `rest`; reports the close (and whether the call was aborted) at the end. */
  private async *stream(
    ctx: CallContext,
    method: StreamClosed['method'],
    task: Task,
    rest: () => AsyncGenerator<SequencedStreamEvent>,
  ): AsyncGenerator<SequencedStreamEvent> {
    try {
      yield { seq: 0, event: { kind: 'task', task } };
      yield* rest();
    } finally {
      this.events.emit('stream-closed', { method, taskId: task.id, aborted: ctx.signal.aborted } satisfies StreamClosed);
    }
  }
}

function taskFor(message: Message, state: TaskState): Task {
  const id = randomUUID();
  const contextId = message.contextId ?? randomUUID();
  return { id, contextId, status: { state, timestamp: new Date().toISOString() }, history: [{ ...message, taskId: id, contextId }], artifacts: [] };
}

function status(task: Task, state: TaskState) {
  return { kind: 'status-update' as const, taskId: task.id, contextId: task.contextId, status: { state, timestamp: new Date().toISOString() } };
}

function directReply(message: Message): Message {
  return { messageId: randomUUID(), role: 'agent', ...(message.contextId ? { contextId: message.contextId } : {}), parts: [{ kind: 'text', text: `echo: ${textOf(message)}` }] };
}

/** True once released, false if the call was aborted first. */
function untilReleasedOrAborted(released: EventEmitter, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      released.off('released', onRelease);
      resolve(false);
    };
    const onRelease = () => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    };
    released.once('released', onRelease);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
