// Parse-once-at-the-edge: a zod schema turns a raw wire value into a typed one, or every problem
// becomes an InvalidParams error naming the field path and what was wrong (google.rpc.BadRequest).
import type { z } from 'zod';
import { A2AError, type FieldViolation } from '../a2a-error';

export function formatPath(path: readonly PropertyKey[], root = ''): string {
  let out = root;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out;
}

export function fieldViolations(issues: readonly z.core.$ZodIssue[], root = ''): FieldViolation[] {
  return issues.map((issue) => ({ field: formatPath(issue.path, root), description: issue.message }));
}

/** A missing value reads "Required" rather than zod's "expected string, received undefined". */
const requiredMessage = (issue: { input?: unknown; code: string }) =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined;

export function parseWire<S extends z.ZodType>(schema: S, raw: unknown, root = ''): z.output<S> {
  const result = schema.safeParse(raw, { error: requiredMessage });
  if (!result.success) throw A2AError.invalidFields(fieldViolations(result.error.issues, root));
  return result.data;
}
