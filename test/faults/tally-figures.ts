// Runs the proofs under faults and bad input (fuzzing, kill -9, SIGTERM, outages, isolation probe) and
// adds up the figures each suite reports, for the closing note of the security and reliability work:
//   node -r ./scripts/register-ts.js test/faults/tally-figures.ts [more jest arguments]
// FUZZ_SEED / FUZZ_RUNS widen the fuzzing as in the suites themselves. Exits with jest's status.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SUITES = ['test/fuzz', 'test/faults', 'test/security/isolation-probe.test.ts'];

type Line = { suite: string } & Record<string, unknown>;

const file = path.join(tmpdir(), `a2a-figures-${process.pid}.jsonl`);
const started = Date.now();
const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest', { paths: [ROOT] }), ...SUITES, ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, A2A_FIGURES_FILE: file },
});
const lines: Line[] = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line) : [];
rmSync(file, { force: true });

const sum = (key: string, suites = lines) => suites.reduce((n, l) => n + (typeof l[key] === 'number' ? (l[key] as number) : 0), 0);
const fuzz = lines.filter((l) => l.suite.startsWith('fuzz-'));
const rows: Array<[string, string | number]> = [
  ['fuzz cases run (both bindings, both versions)', sum('fuzzCases', fuzz)],
  ['fuzz requests sent', sum('requests', fuzz)],
  ['faults injected', sum('faultsInjected')],
  ['tasks lost', sum('tasksLost')],
  ['events lost', sum('eventsLost')],
  ['events duplicated', sum('eventsDuplicated')],
  ['duplicate workflows', sum('duplicateWorkflows')],
  ['activities without a retry bound', sum('unboundedActivities')],
  ['isolation probes (leaks)', `${sum('probes')} (${sum('leaks')})`],
  ['suites reporting', lines.map((l) => l.suite).join(', ')],
  ['wall time', `${Math.round((Date.now() - started) / 1000)} s`],
];
const width = Math.max(...rows.map(([k]) => k.length));
process.stdout.write(`\nFigures of the proofs under faults and bad input\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n`);
for (const line of lines) process.stdout.write(`  [${line.suite}] ${JSON.stringify({ ...line, suite: undefined, at: undefined })}\n`);
process.exit(jest.status ?? 1);
