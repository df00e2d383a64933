// Compiles a parsed visibility query into a predicate and a sort order over runs. Literals are
// coerced to the attribute's type (Datetime -> epoch ms, Int/Double -> number, Bool); a missing
// attribute matches nothing except IS NULL, as in SQL-backed visibility.
import { invalidArgument } from '../grpc/errors';
import type { NamespaceState } from '../engine/engine';
import type { Run } from '../engine/run';
import { STATUS_NAMES } from './execution-info';
import type { Expr, Literal, ParsedQuery } from './query-parser';
import { SYSTEM_ATTRIBUTES, typedValue, typeName, typeOfAttribute, VT } from './search-attributes';

type Value = string | number | boolean | string[] | undefined;

const STATUS_BY_NUMBER = Object.fromEntries(Object.entries(STATUS_NAMES).map(([k, v]) => [v, k]));

/** A run's value for an attribute, built-ins first, then its (cached) typed search attributes. */
export function attributeValue(ns: NamespaceState, run: Run, attr: string): Value {
  const st = run.state;
  switch (attr) {
    case 'WorkflowId': return st.workflowId;
    case 'RunId': return st.runId;
    case 'WorkflowType': return st.workflowType;
    case 'ExecutionStatus': return STATUS_BY_NUMBER[st.status];
    case 'StartTime': return st.startedAt;
    case 'CloseTime': return st.closedAt || undefined;
    case 'ExecutionTime': return st.executionTime;
    case 'TaskQueue': return st.taskQueue;
    case 'HistoryLength': return st.nextEventId - 1;
    case 'HistorySizeBytes': return st.historyBytes;
    case 'ExecutionDuration': return st.closedAt ? (st.closedAt - st.startedAt) * 1e6 : undefined;
    case 'ParentWorkflowId': return st.parent?.workflowId;
    case 'ParentRunId': return st.parent?.runId;
    case 'RootWorkflowId': return st.workflowId;
    case 'RootRunId': return st.runId;
  }
  if (!run.visibilityCache) {
    const cache: Record<string, unknown> = {};
    for (const [name, payload] of Object.entries(st.searchAttributes)) {
      const type = typeOfAttribute(ns, name);
      if (type !== undefined) cache[name] = typedValue(type, payload);
    }
    run.visibilityCache = cache;
  }
  return run.visibilityCache[attr] as Value;
}

function coerce(ns: NamespaceState, attr: string, type: number, lit: Literal): string | number | boolean {
  switch (type) {
    case VT.INDEXED_VALUE_TYPE_DATETIME: {
      const ms = typeof lit === 'number' ? lit / 1e6 : Date.parse(String(lit));
      if (Number.isNaN(ms)) throw invalidArgument(`invalid query: ${JSON.stringify(lit)} is not a valid datetime for ${attr}`);
      return ms;
    }
    case VT.INDEXED_VALUE_TYPE_INT:
    case VT.INDEXED_VALUE_TYPE_DOUBLE: {
      const n = Number(lit);
      if (typeof lit === 'boolean' || Number.isNaN(n)) throw invalidArgument(`invalid query: ${JSON.stringify(lit)} is not a number for ${attr}`);
      return n;
    }
    case VT.INDEXED_VALUE_TYPE_BOOL:
      if (lit === true || lit === 'true') return true;
      if (lit === false || lit === 'false') return false;
      throw invalidArgument(`invalid query: ${JSON.stringify(lit)} is not a boolean for ${attr}`);
    default:
      if (attr === 'ExecutionStatus' && !(String(lit) in STATUS_NAMES)) {
        throw invalidArgument(`invalid query: unknown ExecutionStatus ${JSON.stringify(lit)}`);
      }
      void ns;
      return String(lit);
  }
}

function tokens(s: string): string[] {
  return s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function compare(a: string | number | boolean, b: string | number | boolean): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type Predicate = (run: Run) => boolean;

export function compileWhere(ns: NamespaceState, expr: Expr | null): Predicate {
  if (!expr) return () => true;
  const typeFor = (attr: string) => {
    const t = typeOfAttribute(ns, attr);
    if (t === undefined) throw invalidArgument(`invalid query: unknown search attribute ${attr}`);
    return t;
  };
  const compile = (e: Expr): Predicate => {
    switch (e.op) {
      case 'and': { const l = compile(e.left), r = compile(e.right); return (run) => l(run) && r(run); }
      case 'or': { const l = compile(e.left), r = compile(e.right); return (run) => l(run) || r(run); }
      case 'not': { const inner = compile(e.expr); return (run) => !inner(run); }
      case 'null': return (run) => (attributeValue(ns, run, e.attr) === undefined) !== e.negate;
    }
    const attr = e.attr;
    const type = typeFor(attr);
    const get = (run: Run) => attributeValue(ns, run, attr);
    const isList = type === VT.INDEXED_VALUE_TYPE_KEYWORD_LIST;
    const isText = type === VT.INDEXED_VALUE_TYPE_TEXT;
    const orderable = !isList && !isText && type !== VT.INDEXED_VALUE_TYPE_BOOL;
    const equals = (v: Value, lit: string | number | boolean): boolean => {
      if (Array.isArray(v)) return v.includes(String(lit));
      if (isText) { const have = new Set(tokens(String(v))); return tokens(String(lit)).every((t) => have.has(t)); }
      return v === lit;
    };
    switch (e.op) {
      case 'cmp': {
        const lit = coerce(ns, attr, type, e.value);
        if (e.cmp !== '=' && e.cmp !== '!=' && !orderable) throw invalidArgument(`invalid query: operator ${e.cmp} is not supported for ${typeName(type)} attribute ${attr}`);
        const test: Record<string, (c: number) => boolean> = { '>': (c) => c > 0, '>=': (c) => c >= 0, '<': (c) => c < 0, '<=': (c) => c <= 0 };
        return (run) => {
          const v = get(run);
          if (v === undefined) return false;
          if (e.cmp === '=') return equals(v, lit);
          if (e.cmp === '!=') return !equals(v, lit);
          return test[e.cmp](compare(v as string | number, lit));
        };
      }
      case 'in': {
        const lits = e.values.map((l) => coerce(ns, attr, type, l));
        return (run) => { const v = get(run); return v !== undefined && lits.some((l) => equals(v, l)) !== e.negate; };
      }
      case 'startsWith': {
        if (type !== VT.INDEXED_VALUE_TYPE_KEYWORD && !isList) throw invalidArgument(`invalid query: STARTS_WITH needs a Keyword attribute, ${attr} is ${typeName(type)}`);
        const prefix = String(e.value);
        return (run) => {
          const v = get(run);
          if (v === undefined) return false;
          const hit = Array.isArray(v) ? v.some((x) => x.startsWith(prefix)) : String(v).startsWith(prefix);
          return hit !== e.negate;
        };
      }
      case 'between': {
        if (!orderable) throw invalidArgument(`invalid query: BETWEEN is not supported for ${typeName(type)} attribute ${attr}`);
        const lo = coerce(ns, attr, type, e.low), hi = coerce(ns, attr, type, e.high);
        return (run) => { const v = get(run) as string | number | undefined; return v !== undefined && (compare(v, lo) >= 0 && compare(v, hi) <= 0) !== e.negate; };
      }
    }
  };
  return compile(expr);
}

/**
 * Sort key extractor + comparator: the query's ORDER BY, then StartTime DESC, then creation order
 * (newest first) so ties within a millisecond still order deterministically and pages stay stable.
 */
export function compileOrder(ns: NamespaceState, q: ParsedQuery): { key: (run: Run) => Value[]; cmp: (a: Value[], b: Value[]) => number } {
  const order = [...q.orderBy, { attr: 'StartTime', desc: true }];
  for (const o of order) {
    const t = typeOfAttribute(ns, o.attr);
    if (t === undefined) throw invalidArgument(`invalid query: unknown search attribute ${o.attr} in ORDER BY`);
    if (t === VT.INDEXED_VALUE_TYPE_TEXT || t === VT.INDEXED_VALUE_TYPE_KEYWORD_LIST) throw invalidArgument(`invalid query: cannot ORDER BY ${typeName(t)} attribute ${o.attr}`);
  }
  return {
    key: (run) => [...order.map((o) => attributeValue(ns, run, o.attr)), run.state.seq],
    cmp: (a, b) => {
      for (let i = 0; i < order.length; i++) {
        const x = a[i] ?? undefined, y = b[i] ?? undefined;
        if (x === y) continue;
        // Missing values sort last in either direction.
        if (x === undefined || x === null) return 1;
        if (y === undefined || y === null) return -1;
        const c = compare(x as string | number, y as string | number);
        if (c !== 0) return order[i].desc ? -c : c;
      }
      return (b[order.length] as number) - (a[order.length] as number);
    },
  };
}

export { SYSTEM_ATTRIBUTES };
