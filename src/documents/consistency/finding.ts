// A consistency finding: a stable code (the verification policy refers to codes), a severity and a
// message a reviewer can act on, with the fields and evidence involved.
import type { FieldKey } from '../document-types';
import type { FieldEvidence } from '../fields/extract-fields';

export type Severity = 'info' | 'warning' | 'error';

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  fields: FieldKey[];
  evidence?: FieldEvidence;
}

/** Collects findings and the names of the checks that had enough data to run. */
export class FindingCollector {
  readonly findings: Finding[] = [];
  readonly checked = new Set<string>();

  ran(check: string): void {
    this.checked.add(check);
  }

  add(finding: Finding): void {
    this.findings.push(finding);
  }
}
