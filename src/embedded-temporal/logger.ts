// The engine logs through this small interface so the application can pass pino or console; logging
// stays off hot paths (only lifecycle, recovery and unexpected errors are logged).
export interface EngineLogger {
  debug(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

/** Default: warnings and errors to stderr, nothing else (tests and the CLI stay quiet). */
export function createStderrLogger(): EngineLogger {
  const write = (level: string) => (message: string, meta?: Record<string, unknown>) =>
    process.stderr.write(`[embedded-temporal] ${level} ${message}${meta ? ' ' + JSON.stringify(meta) : ''}\n`);
  const noop = () => undefined;
  return { debug: noop, info: noop, warn: write('WARN'), error: write('ERROR') };
}
