// Reads a JSON request body once, with the size limit enforced while streaming (a Content-Length
// above the limit is refused before reading) and the media type checked first. An oversized or
// refused body is drained, not left on the socket, so the client reads our error instead of a reset.
import type { IncomingMessage } from 'node:http';
import { A2AError } from '../a2a-error';

export interface JsonBodyOptions {
  limitBytes: number;
  /** Accepted media types (parameters such as charset are ignored). A request without Content-Type is read as JSON. */
  mediaTypes: readonly string[];
}

export type JsonBody = { present: false } | { present: true; value: unknown };

export async function readJsonBody(req: IncomingMessage, options: JsonBodyOptions): Promise<JsonBody> {
  const contentType = req.headers['content-type'];
  const mediaType = contentType?.split(';', 1)[0].trim().toLowerCase();
  const declaredLength = Number(req.headers['content-length'] ?? NaN);
  if (mediaType && !options.mediaTypes.includes(mediaType) && declaredLength !== 0) {
    req.resume();
    throw A2AError.unsupportedMediaType(contentType ?? '', options.mediaTypes);
  }
  if (declaredLength > options.limitBytes) {
    req.resume();
    throw A2AError.payloadTooLarge(options.limitBytes);
  }

  const text = (await readAll(req, options.limitBytes)).toString('utf8');
  if (text.trim() === '') return { present: false };
  try {
    return { present: true, value: JSON.parse(text) };
  } catch {
    throw A2AError.parseError();
  }
}

/**
 * Event listeners rather than `for await`: leaving an async iteration early destroys the request,
 * and with it the socket our error response must go out on. Past the limit, data is read and dropped.
 */
function readAll(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      chunks.length = 0;
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) fail(A2AError.payloadTooLarge(limitBytes));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => fail(err));
    req.on('close', () => {
      if (!req.complete) fail(new Error('request body aborted by the client'));
    });
  });
}
