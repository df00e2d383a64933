// Reads a JSON request body once, with the size limit enforced while streaming (a Content-Length
// above the limit is refused before reading) and the media type checked first. An oversized or
// refused body is drained, not left on the socket, so the client reads our error instead of a reset.
// Nesting is limited too: a small body of deeply nested arrays parses fine but overflows the stack of
// every recursive step after it (validation, JSON.stringify into Temporal), which would be a 500.
import type { IncomingMessage } from 'node:http';
import { A2AError } from '../a2a-error';

/** Deepest nesting of arrays and objects accepted in a request body (A2A messages need a handful). */
export const MAX_JSON_DEPTH = 100;

export interface JsonBodyOptions {
  limitBytes: number;
  /** Accepted media types (parameters such as charset are ignored). A request without Content-Type is read as JSON. */
  mediaTypes: readonly string[];
  /**
   * Deepest nesting accepted (default MAX_JSON_DEPTH); `false` leaves the check to the caller, as
   * JSON-RPC does so that the refusal can carry the request's id (see assertNestingWithin).
   */
  maxDepth?: number | false;
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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw A2AError.parseError();
  }
  if (options.maxDepth !== false) assertNestingWithin(value, options.maxDepth ?? MAX_JSON_DEPTH);
  return { present: true, value };
}

/** Refuses a value nested deeper than `maxDepth` levels of arrays and objects (InvalidRequest naming the limit). */
export function assertNestingWithin(value: unknown, maxDepth = MAX_JSON_DEPTH): void {
  if (nestingExceeds(value, maxDepth)) {
    throw A2AError.invalidRequest(`The body nests arrays and objects deeper than the limit of ${maxDepth} levels (maxJsonDepth)`, {
      limit: 'maxJsonDepth',
      limitValue: maxDepth,
    });
  }
}

/** Iterative on purpose: the values it must refuse are the ones that overflow recursion. */
function nestingExceeds(root: unknown, maxDepth: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
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
    // The client went away mid-body: nobody is left to answer, and it is no server fault.
    const aborted = () => A2AError.invalidRequest('The request body ended before its declared length (the client closed the connection)');
    req.on('error', () => fail(aborted()));
    req.on('close', () => {
      if (!req.complete) fail(aborted());
    });
  });
}
