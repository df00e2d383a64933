// A real logger whose JSON lines are kept in memory, so tests can assert on audit records and on
// what never appears in any log line (tokens, keys, document text).
import { createLogger, type Logger } from '../../../src/logger';

export interface CapturedLogs {
  logger: Logger;
  lines: Array<Record<string, unknown>>;
  /** Every line as written, for "this secret appears nowhere" checks. */
  raw(): string;
  audit(kind: string): Array<Record<string, unknown>>;
}

export function captureLogs(level = 'info'): CapturedLogs {
  const written: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level,
    destination: {
      write(line: string) {
        written.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  });
  return {
    logger,
    lines,
    raw: () => written.join(''),
    audit: (kind) => lines.filter((l) => l.audit === kind),
  };
}
