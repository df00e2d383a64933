// Tracks whether a response really left the server. grpc-js sends the OK status only after the
// response message was written, so a call that ends without OK lost its response: a task handed to
// it must be requeued instead of waiting for its timeout.
import {
  type Metadata,
  ResponderBuilder,
  ServerInterceptingCall,
  type ServerInterceptor,
  ServerListenerBuilder,
  status,
} from '@grpc/grpc-js';

const TRACKER = Symbol('deliveryTracker');

export class DeliveryTracker {
  /** grpc-encoding of the request ('identity' when uncompressed). */
  encoding = 'identity';
  ended = false;
  delivered = false;
  private onEndCallbacks: Array<() => void> = [];
  private undelivered: (() => void) | null = null;

  /** Runs when the call ends for any reason (client cancel, deadline, response sent). */
  onEnd(cb: () => void): void {
    if (this.ended) cb();
    else this.onEndCallbacks.push(cb);
  }

  /** Registers the compensation to run if the response does not reach the wire. */
  onUndelivered(cb: () => void): void {
    this.undelivered = cb;
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const cb of this.onEndCallbacks) cb();
    this.onEndCallbacks = [];
    if (!this.delivered && this.undelivered) this.undelivered();
    this.undelivered = null;
  }
}

export function trackerOf(metadata: Metadata): DeliveryTracker | undefined {
  return (metadata as unknown as Record<symbol, DeliveryTracker>)[TRACKER];
}

/**
 * Long polls hand out tasks and must know whether the response was written; GetSystemInfo needs the
 * request encoding. (Eager activities in RespondWorkflowTaskCompleted are not tracked: like on a
 * real server, a lost response is recovered by the activity's start-to-close timeout.)
 */
const TRACKED = /\/(PollWorkflowTaskQueue|PollActivityTaskQueue|GetSystemInfo)$/;

export const deliveryInterceptor: ServerInterceptor = (method, call): ServerInterceptingCall => {
  // Other calls skip the interception layer: it costs a few allocations per call on the hot path.
  if (!TRACKED.test(method.path)) return call as ServerInterceptingCall;
  const tracker = new DeliveryTracker();
  tracker.encoding = (call as unknown as { incomingEncoding?: string }).incomingEncoding ?? 'identity';
  const responder = new ResponderBuilder()
    .withStart((next) => {
      const listener = new ServerListenerBuilder()
        .withOnReceiveMetadata((metadata, mdNext) => {
          (metadata as unknown as Record<symbol, DeliveryTracker>)[TRACKER] = tracker;
          mdNext(metadata);
        })
        .withOnCancel(() => tracker.end())
        .build();
      next(listener);
    })
    .withSendStatus((st, next) => {
      if (st.code === status.OK) tracker.delivered = true;
      next(st);
    })
    .build();
  return new ServerInterceptingCall(call, responder);
};
