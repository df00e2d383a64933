// What a run keeps from a request must not pin the request's buffer (see engine/detach.ts).
import { temporal } from '@temporalio/proto';
import { detach } from '../../src/embedded-temporal/engine/detach';

const { StartWorkflowExecutionRequest } = temporal.api.workflowservice.v1;

describe('detach', () => {
  it('copies decoded search attributes into one small allocation that is not the request buffer', () => {
    const bytes = (s: string) => Buffer.from(s);
    const encoded = StartWorkflowExecutionRequest.encode({
      workflowId: 'w',
      input: { payloads: [{ metadata: { encoding: bytes('json/plain') }, data: Buffer.alloc(6_000, 1) }] },
      searchAttributes: { indexedFields: { A: { metadata: { encoding: bytes('json/plain'), type: bytes('Keyword') }, data: bytes('"x"') } } },
    }).finish();
    const request = StartWorkflowExecutionRequest.decode(Buffer.from(encoded));
    const fields = request.searchAttributes!.indexedFields!;
    expect(fields.A.data!.buffer.byteLength).toBeGreaterThan(6_000); // the premise: a view of the whole request

    const kept = detach(fields);

    expect(Buffer.from(kept.A.data!).toString()).toBe('"x"');
    expect(Buffer.from(kept.A.metadata!.type!).toString()).toBe('Keyword');
    expect(Buffer.from(kept.A.metadata!.encoding!).toString()).toBe('json/plain');
    expect(kept.A.data!.buffer).not.toBe(fields.A.data!.buffer);
    expect(kept.A.data!.buffer.byteLength).toBe('"x"'.length + 'Keyword'.length + 'json/plain'.length);
    expect(kept.A.metadata!.type!.buffer).toBe(kept.A.data!.buffer);
  });

  it('keeps absent values absent and non-byte leaves as they are', () => {
    expect(detach(undefined)).toBeUndefined();
    const failure = { message: 'm', source: '', applicationFailureInfo: { type: 'T', nonRetryable: true }, cause: null };
    expect(detach(failure)).toEqual(failure);
    expect(detach({ a: [1, 'x', { b: new Uint8Array([1, 2]) }] })).toEqual({ a: [1, 'x', { b: Buffer.from([1, 2]) }] });
  });
});
