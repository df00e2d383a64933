// A stand-in OTLP/HTTP collector on loopback for BENCH_TRACING=1: accepts every export and discards
// it, so the benchmark pays what production pays to record, batch, encode and send spans, and
// nothing for a collector's own work.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpSink {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT. */
  url: string;
  received(): { requests: number; bytes: number };
  close(): Promise<void>;
}

export function startOtlpSink(): Promise<OtlpSink> {
  let requests = 0;
  let bytes = 0;
  const server = http.createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (bytes += chunk.length));
    req.on('end', () => {
      requests++;
      // An empty ExportTraceServiceResponse: everything accepted.
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        received: () => ({ requests, bytes }),
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
