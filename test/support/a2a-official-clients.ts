// The official @a2a-js/sdk clients, set up the way their users do: the v1.0 client discovers the
// card from a base URL (its resolver asks for the v1.0 card with `A2A-Version: 1.0`) and picks a
// transport from `supportedInterfaces`; the v0.3 path reads the card as a v0.3 client does (no
// version header, `url` + `preferredTransport`), translates it with the SDK's own
// `parseLegacyAgentCard`, and lets the SDK's factory choose its legacy JSON-RPC transport.
import { type Message, SendMessageRequest } from '@a2a-js/sdk';
import { ClientFactory, JsonRpcTransportFactory, RestTransportFactory, type Client } from '@a2a-js/sdk/client';
import { parseLegacyAgentCard } from '@a2a-js/sdk/compat/v0_3/client';
import { FILE_RUN } from './test-lane';

export type V1Transport = 'JSONRPC' | 'HTTP+JSON';

/** Every request a client made, so tests can show which binding it really used. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

function recordingFetch(log: RecordedRequest[]): typeof fetch {
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    log.push({ method: init?.method ?? 'GET', url, headers: Object.fromEntries(new Headers(init?.headers).entries()) });
    return fetch(input, init);
  };
}

export async function v1Client(baseUrl: string, transport: V1Transport, log: RecordedRequest[] = []): Promise<Client> {
  const fetchImpl = recordingFetch(log);
  const factory = new ClientFactory({
    transports: [new JsonRpcTransportFactory({ fetchImpl }), new RestTransportFactory({ fetchImpl })],
    preferredTransports: [transport],
  });
  return factory.createFromUrl(baseUrl);
}

/** `cardUrl`: where a v0.3 client was told the agent card is. */
export async function v03Client(
  cardUrl: string,
  log: RecordedRequest[] = [],
): Promise<{ client: Client; rawCard: Record<string, unknown> }> {
  const response = await fetch(cardUrl);
  if (!response.ok) throw new Error(`card fetch failed: ${response.status}`);
  const rawCard = (await response.json()) as Record<string, unknown>;
  const fetchImpl = recordingFetch(log);
  const factory = new ClientFactory({
    transports: [
      new JsonRpcTransportFactory({ legacyCompat: { enabled: true }, fetchImpl }),
      new RestTransportFactory({ legacyCompat: { enabled: true }, fetchImpl }),
    ],
  });
  const client = await factory.createFromAgentCard(parseLegacyAgentCard(rawCard as never));
  return { client, rawCard };
}

let counter = 0;

/** A SendMessageRequest as JSON, so tests read like the wire. */
export function sendRequest(text: string, extra: { message?: Record<string, unknown>; configuration?: Record<string, unknown> } = {}): SendMessageRequest {
  counter += 1;
  return SendMessageRequest.fromJSON({
    message: { messageId: `sdk-${FILE_RUN}-${counter}`, role: 'ROLE_USER', parts: [{ text }], ...extra.message },
    ...(extra.configuration ? { configuration: extra.configuration } : {}),
  });
}

export const isMessage = (result: unknown): result is Message => typeof result === 'object' && result !== null && 'messageId' in result;

export function textOfParts(parts: Array<{ content?: { $case: string; value: unknown } }>): string {
  return parts.map((p) => (p.content?.$case === 'text' ? String(p.content.value) : '')).join('');
}
