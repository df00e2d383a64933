// The live approvals feeds of one API process: one poller per listing key reads visibility once per
// `pollMs` and hands each changed list to every subscriber of that key. A cluster limits visibility
// calls per namespace (frontend.namespaceRPS.visibility), so open feeds must not each poll; a poller
// starts with its key's first subscriber and stops with its last. Each principal holds a few feeds.
import { setTimeout as sleep } from 'node:timers/promises';
import { StreamRegistry } from '../http/stream-registry';

export const DEFAULT_APPROVALS_POLL_MS = 5_000;
/** Feeds one principal may hold (tabs, devices); well under the API's limit of streams per principal. */
export const DEFAULT_MAX_APPROVAL_FEEDS_PER_PRINCIPAL = 5;

export interface ApprovalFeedsOptions {
  pollMs?: number;
  maxPerPrincipal?: number;
}

export interface ApprovalFeeds {
  /** Counts a feed against `owner` (see api/limits/principal-key.ts) until released; refuses one past the limit (ResourceExhausted). */
  reserve(owner: string): () => void;
  /**
   * The list under `key`, each version once (the current one first), until `signal` aborts; `read`
   * must give the same answer for every caller of the same key. A failed read ends every subscriber
   * of the key with that error.
   */
  watch<T>(key: string, read: () => Promise<T>, signal: AbortSignal): AsyncGenerator<T>;
}

interface Poller {
  subscribers: Set<() => void>;
  latest?: { version: number; value: unknown };
  failure?: { error: unknown };
  stop: AbortController;
}

export function createApprovalFeeds(options: ApprovalFeedsOptions = {}): ApprovalFeeds {
  const pollMs = options.pollMs ?? DEFAULT_APPROVALS_POLL_MS;
  const slots = new StreamRegistry(options.maxPerPrincipal ?? DEFAULT_MAX_APPROVAL_FEEDS_PER_PRINCIPAL, 'maxApprovalFeedsPerPrincipal');
  const pollers = new Map<string, Poller>();

  async function poll(key: string, poller: Poller, read: () => Promise<unknown>): Promise<void> {
    let last: string | undefined;
    let version = 0;
    const wakeAll = () => {
      for (const wake of poller.subscribers) wake();
    };
    while (!poller.stop.signal.aborted) {
      try {
        const value = await read();
        const text = JSON.stringify(value);
        if (text !== last) {
          last = text;
          poller.latest = { version: ++version, value };
          wakeAll();
        }
      } catch (error) {
        // The subscribers end with the error (their clients reconnect); a new one starts a new poller.
        poller.failure = { error };
        if (pollers.get(key) === poller) pollers.delete(key);
        wakeAll();
        return;
      }
      try {
        await sleep(pollMs, undefined, { signal: poller.stop.signal });
      } catch {
        return;
      }
    }
  }

  async function* watch<T>(key: string, read: () => Promise<T>, signal: AbortSignal): AsyncGenerator<T> {
    let poller = pollers.get(key);
    if (!poller) {
      poller = { subscribers: new Set(), stop: new AbortController() };
      pollers.set(key, poller);
      void poll(key, poller, read);
    }
    let wake = () => {};
    const subscriber = () => wake();
    poller.subscribers.add(subscriber);
    let seen = 0;
    try {
      while (!signal.aborted) {
        if (poller.failure) throw poller.failure.error;
        const latest = poller.latest;
        if (latest && latest.version > seen) {
          seen = latest.version;
          yield latest.value as T;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          signal.addEventListener('abort', subscriber, { once: true });
        });
        signal.removeEventListener('abort', subscriber);
      }
    } finally {
      poller.subscribers.delete(subscriber);
      if (poller.subscribers.size === 0) {
        poller.stop.abort();
        if (pollers.get(key) === poller) pollers.delete(key);
      }
    }
  }

  return { reserve: (owner) => slots.reserve(owner), watch };
}
