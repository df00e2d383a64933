// `npm run engine -- --port <port> [--data-dir <dir>] [--namespace <ns>] [--fsync] [--wal-compact-bytes <n>]
// [--visibility-delay <ms>] [--retention <ms>] [--limit <name>=<value>]...`:
// runs the engine until SIGINT/SIGTERM. Prints exactly one readiness line on stdout; bad arguments
// exit with code 2.
import { parseArgs } from 'node:util';
import { serverLimits, startEmbeddedTemporal, type EngineLimits } from './index';

const LIMIT_NAMES = Object.keys(serverLimits) as Array<keyof EngineLimits>;

const USAGE = 'usage: npm run engine -- --port <port> [--data-dir <dir>] [--namespace <name>] [--fsync] [--wal-compact-bytes <n>]\n' +
  '         [--visibility-delay <ms>] [--retention <ms>] [--limit <name>=<value>]...\n' +
  '  --port       TCP port on 127.0.0.1 (0 picks a free port; the line printed names the real one)\n' +
  '  --data-dir   keep state in this directory (survives kill -9); in memory when omitted\n' +
  '  --namespace  namespace to serve (default: default)\n' +
  '  --fsync      fsync the write-ahead log on every commit\n' +
  '  --wal-compact-bytes  compact the log once it outgrows this and the snapshot (default 64 MiB)\n' +
  '  --visibility-delay   list/count/scan see changes only this many ms later (default 0)\n' +
  '  --retention  the namespace retention: closed runs are dropped this many ms after they close (default 24 h)\n' +
  `  --limit      override one of a real cluster's limits (0 disables; transientWorkflowTasks takes true/false):\n` +
  LIMIT_NAMES.map((n) => `                 ${n}=${serverLimits[n]}\n`).join('');

function parseLimits(specs: string[]): Partial<EngineLimits> {
  const limits: Record<string, number | boolean> = {};
  for (const spec of specs) {
    const m = /^([A-Za-z]+)=(.+)$/.exec(spec);
    const name = m?.[1] as keyof EngineLimits | undefined;
    if (!m || !name || !LIMIT_NAMES.includes(name)) usage(`--limit takes <name>=<value> with a name from the list, got ${JSON.stringify(spec)}`);
    if (typeof serverLimits[name] === 'boolean') {
      if (m[2] !== 'true' && m[2] !== 'false') usage(`--limit ${name} must be true or false`);
      limits[name] = m[2] === 'true';
    } else {
      if (!/^\d+$/.test(m[2])) usage(`--limit ${name} must be a whole number, got ${JSON.stringify(m[2])}`);
      limits[name] = Number(m[2]);
    }
  }
  return limits as Partial<EngineLimits>;
}

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
        'visibility-delay': { type: 'string' },
        retention: { type: 'string' },
        limit: { type: 'string', multiple: true },
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
    const delay = values['visibility-delay'];
    if (delay !== undefined && !/^\d+$/.test(delay)) usage(`--visibility-delay must be a number of milliseconds, got ${JSON.stringify(delay)}`);
    const retention = values.retention;
    if (retention !== undefined && !/^[1-9]\d*$/.test(retention)) usage(`--retention must be a positive number of milliseconds, got ${JSON.stringify(retention)}`);
    return {
      port: Number(values.port),
      visibilityDelayMs: delay === undefined ? 0 : Number(delay),
      ...(retention === undefined ? {} : { retentionMs: Number(retention) }),
      limits: parseLimits(values.limit ?? []),
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
