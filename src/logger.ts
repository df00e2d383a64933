// Structured JSON logging (pino). Entry points create the root logger; everything else receives a
// Logger (or a child of it) as a dependency.
import pino from 'pino';
import { traceLogFields } from './telemetry/log-trace-fields';

export type Logger = pino.Logger;

export interface LoggerOptions {
  level?: string;
  name?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to capture or silence output. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      name: options.name,
      mixin: traceLogFields,
      // Never log credentials that travel in headers or push configs.
      redact: {
        paths: ['*.authorization', '*.credentials', '*.token', '*.apiKey', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

/** A logger that drops everything, for tests and benchmarks. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
