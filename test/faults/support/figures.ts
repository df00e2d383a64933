// The proofs' figures (fuzz cases run, faults injected, tasks and events lost): each suite prints one
// `[figures]` line, and appends it as JSON to $A2A_FIGURES_FILE when set, so
// `test/faults/tally-figures.ts` can add them up for the closing note.
import { appendFileSync } from 'node:fs';

export type Figures = Record<string, number | string | Record<string, number>>;

export function reportFigures(suite: string, figures: Figures): void {
  const line = JSON.stringify({ suite, at: new Date().toISOString(), ...figures });
  console.log(`[figures] ${line}`);
  const file = process.env.A2A_FIGURES_FILE;
  if (file) appendFileSync(file, line + '\n');
}
