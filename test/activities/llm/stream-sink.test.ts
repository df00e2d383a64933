// The batching writer and the signaling sink, without a model: ordering, batching, final chunk, failure.
import { createBatchingStreamWriter, createSignalingStreamSink, type ArtifactChunk } from '../../../activities/llm';

const target = { taskId: 'task-1', artifactId: 'summary' };

describe('batching stream writer', () => {
  it('keeps chunks in order behind a slow sink, coalescing what arrives meanwhile', async () => {
    const seen: ArtifactChunk[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sink = {
      publish: async (chunk: ArtifactChunk) => {
        if (chunk.index === 0) await gate; // the first publish is slow
        seen.push(chunk);
      },
    };
    const writer = createBatchingStreamWriter({ sink, target, attempt: 1, maxBufferChars: 3, flushIntervalMs: 60_000 });
    writer.write('abc');
    await new Promise(setImmediate); // flush #0 takes 'abc' and blocks in the sink
    writer.write('def'); // buffered while #0 is in flight
    writer.write('gh');
    release();
    await writer.end();
    expect(seen.map((c) => [c.index, c.text, c.append, c.lastChunk])).toEqual([
      [0, 'abc', false, false],
      [1, 'defgh', true, false],
      [2, '', true, true],
    ]);
  });

  it('by default coalesces a fast stream of small deltas into few large chunks (one signal each)', async () => {
    const seen: ArtifactChunk[] = [];
    const writer = createBatchingStreamWriter({ sink: { publish: async (c) => void seen.push(c) }, target, attempt: 1 });
    const deltas = Array.from({ length: 1_000 }, (_, i) => `w${String(i).padStart(4, '0')} `);
    for (const delta of deltas) {
      writer.write(delta);
      await new Promise(setImmediate); // a model streaming as fast as the sink takes it
    }
    await writer.end();
    expect(seen.map((c) => c.text).join('')).toBe(deltas.join(''));
    // 6,000 characters: a chunk per 4 KiB or per second, then the last one (200-character chunks before).
    expect(seen.length).toBeLessThan(10);
  });

  it('flushes on the interval when deltas are small', async () => {
    const seen: ArtifactChunk[] = [];
    const writer = createBatchingStreamWriter({ sink: { publish: async (c) => void seen.push(c) }, target, attempt: 2, flushIntervalMs: 5, maxBufferChars: 1_000 });
    writer.write('tiny');
    await new Promise<void>((resolve) => {
      const poll = () => (seen.length > 0 ? resolve() : setTimeout(poll, 1));
      poll();
    });
    await writer.end();
    expect(seen).toEqual([
      { ...target, text: 'tiny', append: false, lastChunk: false, attempt: 2, index: 0 },
      { ...target, text: '', append: true, lastChunk: true, attempt: 2, index: 1 },
    ]);
  });

  it('publishes nothing when the whole output arrives before the first flush (the step result carries it)', async () => {
    const seen: ArtifactChunk[] = [];
    const writer = createBatchingStreamWriter({ sink: { publish: async (c) => void seen.push(c) }, target, attempt: 1, flushIntervalMs: 60_000, maxBufferChars: 1_000 });
    writer.write('The whole ');
    writer.write('answer.');
    await writer.end();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(seen).toEqual([]);
  });

  it('publishes nothing when nothing was written, and nothing more after a discard', async () => {
    const seen: ArtifactChunk[] = [];
    const sink = { publish: async (c: ArtifactChunk) => void seen.push(c) };
    await createBatchingStreamWriter({ sink, target, attempt: 1 }).end();
    const discarded = createBatchingStreamWriter({ sink, target, attempt: 1, flushIntervalMs: 60_000 });
    discarded.write('half an answer');
    await discarded.discard();
    await discarded.end();
    expect(seen).toEqual([]);
  });

  it('stops streaming after the sink fails once, reporting the error, and still ends cleanly', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const sink = {
      publish: async () => {
        calls += 1;
        throw new Error('workflow not found');
      },
    };
    const writer = createBatchingStreamWriter({ sink, target, attempt: 1, maxBufferChars: 1, onSinkError: (e) => errors.push(e) });
    writer.write('a');
    writer.write('b');
    await writer.end();
    expect(calls).toBe(1);
    expect(errors).toHaveLength(1);
  });
});

describe('signaling stream sink', () => {
  it('signals the task workflow with the chunk as payload', async () => {
    const signals: Array<[string, ArtifactChunk]> = [];
    const chunk: ArtifactChunk = { ...target, text: 'x', append: false, lastChunk: false, attempt: 1, index: 0 };
    await createSignalingStreamSink({ signal: async (id, payload) => void signals.push([id, payload]) }).publish(chunk);
    await createSignalingStreamSink({ signal: async (id, payload) => void signals.push([id, payload]), workflowIdForTask: (t) => `task/${t}` }).publish(chunk);
    expect(signals).toEqual([
      ['task-1', chunk],
      ['task/task-1', chunk],
    ]);
  });
});
