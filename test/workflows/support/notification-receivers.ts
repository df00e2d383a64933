// Receivers of approver notifications for tests: a webhook receiver and a real SMTP server
// (smtp-server), both on 127.0.0.1, keeping what they got.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireJson } from './document-stack';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: WireJson;
}

/** A webhook receiver on loopback; `answer` picks the status for each request. */
export async function startReceiver(answer: (request: Received, seen: Received[]) => number) {
  const seen: Received[] = [];
  const receiver = { url: '', seen, holdMs: 0, close: () => new Promise((r) => server.close(r)) };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const request = { path: req.url ?? '', headers: req.headers, body, json: JSON.parse(body) };
      const status = answer(request, seen);
      seen.push(request);
      // Holding the answer keeps the activity in flight (the receiver already has the request).
      setTimeout(() => res.writeHead(status).end(), receiver.holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

/** A real SMTP server on loopback (smtp-server has no types here). */
export async function startSmtp() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { SMTPServer } = require('smtp-server') as { SMTPServer: new (options: object) => { listen(port: number, host: string, cb: () => void): void; server: Server; close(cb: () => void): void } };
  const mails: Array<{ to: string[]; text: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream: NodeJS.ReadableStream, session: { envelope: { rcptTo: Array<{ address: string }> } }, done: () => void) {
      let text = '';
      stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), text });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, mails, close: () => new Promise<void>((r) => server.close(r)) };
}
