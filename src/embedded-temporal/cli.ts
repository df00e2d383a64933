// `npm run engine -- --port <port> [--data-dir <dir>] [--namespace <ns>] [--fsync] [--wal-compact-bytes <n>]`:
// runs the engine until SIGINT/SIGTERM. Prints exactly one readiness line on stdout; bad arguments
// exit with code 2.
import { parseArgs } from 'node:util';
import { startEmbeddedTemporal } from './index';

const USAGE = 'usage: npm run engine -- --port <port> [--data-dir <dir>] [--namespace <name>] [--fsync] [--wal-compact-bytes <n>]\n' +
  '  --port       TCP port on 127.0.0.1 (0 picks a free port; the line printed names the real one)\n' +
  '  --data-dir   keep state in this directory (survives kill -9); in memory when omitted\n' +
  '  --namespace  namespace to serve (default: default)\n' +
  '  --fsync      fsync the write-ahead log on every commit\n' +
  '  --wal-compact-bytes  compact the log once it outgrows this and the snapshot (default 64 MiB)\n';

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}`);
  process.exit(2);
}

function parse() {
  try {
    const { values, positionals } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        namespace: { type: 'string' },
        fsync: { type: 'boolean' },
        'wal-compact-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (positionals.length > 0) usage(`unexpected argument: ${positionals[0]}`);
    if (values.port === undefined) usage('--port is required');
    if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) usage(`--port must be a number from 0 to 65535, got ${JSON.stringify(values.port)}`);
    if (values['data-dir'] === '') usage('--data-dir must not be empty');
    const compact = values['wal-compact-bytes'];
    if (compact !== undefined && !/^[1-9]\d*$/.test(compact)) usage(`--wal-compact-bytes must be a positive number of bytes, got ${JSON.stringify(compact)}`);
    return {
      port: Number(values.port),
      dataDir: values['data-dir'],
      namespace: values.namespace,
      fsync: values.fsync ?? false,
      walCompactBytes: compact === undefined ? undefined : Number(compact),
    };
  } catch (err) {
    return usage((err as Error).message);
  }
}

async function main(): Promise<void> {
  const args = parse();
  // Handlers first: whoever reads the readiness line may signal at once.
  const running: { engine?: Awaited<ReturnType<typeof startEmbeddedTemporal>> } = {};
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    if (!running.engine) return; // startup finishes, then sees `stopping`
    running.engine.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`error while stopping: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  running.engine = await startEmbeddedTemporal(args);
  process.stdout.write(`temporal engine listening on ${running.engine.address}\n`);
  if (stopping) {
    stopping = false;
    stop();
  }
}

main().catch((err) => {
  process.stderr.write(`temporal engine failed to start: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
