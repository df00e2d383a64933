// Decides whether a push notification URL may be called, after resolving its host: every address it
// resolves to must be public unless the host or address is allowlisted in configuration. The
// delivery then connects to exactly the addresses checked here, so DNS cannot be re-pointed between.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { createBlockList, isForbiddenAddress } from './address-ranges';

export interface WebhookPolicyOptions {
  /** Hostnames (`hooks.internal`, `localhost`), `host:port`, addresses or CIDRs allowed even if private. */
  allowlist?: readonly string[];
  /** Only https, unless explicitly relaxed (development and tests). */
  allowHttp?: boolean;
  /** Swappable for tests. */
  resolve?: (hostname: string) => Promise<string[]>;
}

export class WebhookRefusedError extends Error {
  override readonly name = 'WebhookRefusedError';
}

export interface ResolvedWebhook {
  url: URL;
  addresses: string[];
}

export interface WebhookPolicy {
  /** Resolves and checks the URL; throws WebhookRefusedError with the reason. */
  check(rawUrl: string): Promise<ResolvedWebhook>;
}

/** A URL as it may appear in errors and logs: no query string, no fragment, no credentials. */
export function describeUrl(rawUrl: string): string {
  try {
    const url = new URL(rawUrl);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return rawUrl.length > 80 ? `${rawUrl.slice(0, 80)}…` : rawUrl;
  }
}

const defaultResolve = async (hostname: string) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export function createWebhookPolicy(options: WebhookPolicyOptions = {}): WebhookPolicy {
  const entries = options.allowlist ?? [];
  const hostEntries = new Set(entries.filter((e) => isIP(e.split('/')[0]) === 0).map((e) => e.toLowerCase()));
  const addressEntries = createBlockList(entries.filter((e) => isIP(e.split('/')[0]) !== 0));
  const resolve = options.resolve ?? defaultResolve;

  const addressAllowed = (address: string) => addressEntries.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

  return {
    async check(rawUrl) {
      let url: URL;
      try {
        url = new URL(rawUrl);
      } catch {
        throw new WebhookRefusedError(`webhook URL is not a valid absolute URL: ${describeUrl(rawUrl)}`);
      }
      if (url.protocol !== 'https:' && !(options.allowHttp && url.protocol === 'http:')) {
        throw new WebhookRefusedError(
          `webhook URL must use https${options.allowHttp ? ' or http' : ' (PUSH_ALLOW_HTTP=true allows http)'}: ${describeUrl(rawUrl)}`,
        );
      }
      if (url.username || url.password) throw new WebhookRefusedError('webhook URL must not carry credentials; use authentication instead');
      const hostname = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
      const hostAllowed = hostEntries.has(hostname) || hostEntries.has(`${hostname}:${url.port}`);
      let addresses: string[];
      try {
        addresses = isIP(hostname) ? [hostname] : await resolve(hostname);
      } catch (err) {
        throw new WebhookRefusedError(`webhook host ${hostname} does not resolve: ${(err as Error).message}`);
      }
      if (addresses.length === 0) throw new WebhookRefusedError(`webhook host ${hostname} does not resolve`);
      if (!hostAllowed) {
        const refused = addresses.find((a) => isForbiddenAddress(a) && !addressAllowed(a));
        if (refused) {
          throw new WebhookRefusedError(
            `webhook ${hostname} resolves to ${refused}, a loopback, private, link-local or reserved address; ` +
              `allowlist it in PUSH_WEBHOOK_ALLOWLIST (host, host:port, address or CIDR) to use it`,
          );
        }
      }
      return { url, addresses };
    },
  };
}
