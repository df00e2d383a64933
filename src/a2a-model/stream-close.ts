// Which status closes which kind of stream: one rule for the task service (when to end a stream) and
// the v0.3 renderer (which event is `final`). Pure.
import { isTerminalState, type TaskState } from './types';

/** A stream opened by a send (SendStreamingMessage, message/stream) or by SubscribeToTask. */
export type StreamKind = 'send' | 'subscription';

/**
 * Every stream closes at a terminal state (spec v1.0 §3.1.2, §3.1.6, §9.4.6). On interrupted states
 * the spec differs: §11.7 (and topics/streaming-and-async.md) closes a stream at "a terminal or
 * interrupted state"; §3.1.6 serves a subscription on any task not terminal and ends it only at a
 * terminal state; §7.6.1 says streams SHOULD be kept open through auth-required. So a subscription
 * stays open until the task is terminal, while a send's stream also closes at input-required: its
 * client answers with a new message (which opens a stream of its own), and a client that reads the
 * send's stream to its end before answering would otherwise wait forever. Through auth-required,
 * which may be resolved out of band, a send's stream stays open too (§7.6.1).
 */
export function closesStream(state: TaskState, kind: StreamKind): boolean {
  return isTerminalState(state) || (kind === 'send' && state === 'input-required');
}
