// List / Count / Scan over the namespace's runs. Paging is stable under concurrent starts: the page
// token carries the sort key of the last row returned and the next page starts strictly after it.
import { invalidArgument } from '../grpc/errors';
import type { Engine, NamespaceState } from '../engine/engine';
import type { Run } from '../engine/run';
import { executionInfo } from './execution-info';
import { parseQuery } from './query-parser';
import { attributeValue, compileOrder, compileWhere } from './query-eval';

const DEFAULT_PAGE_SIZE = 1000;

function matching(engine: Engine, ns: NamespaceState, query: string): Run[] {
  const pred = compileWhere(ns, parseQuery(query).where);
  const out: Run[] = [];
  const runs = engine.visibility ? engine.visibility.runs(engine.runs) : engine.runs.values();
  for (const run of runs) if (run.state.namespace === ns.name && pred(run)) out.push(run);
  return out;
}

const GROUP_BY = /\s+GROUP\s+BY\s+([A-Za-z_]+)\s*$/i;

/** Count, optionally `... GROUP BY ExecutionStatus` (the one grouping Temporal supports). */
export function countRuns(engine: Engine, ns: NamespaceState, query: string | null | undefined) {
  const text = ` ${query ?? ''}`;
  const group = GROUP_BY.exec(text);
  if (group && group[1] !== 'ExecutionStatus') throw invalidArgument(`invalid query: GROUP BY is only supported on ExecutionStatus, not ${group[1]}`);
  const runs = matching(engine, ns, group ? text.slice(0, group.index) : text);
  if (!group) return { count: runs.length };
  const counts = new Map<string, number>();
  for (const run of runs) {
    const status = String(attributeValue(ns, run, 'ExecutionStatus'));
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const groups = [...counts].map(([status, count]) => ({
    groupValues: [{ metadata: { encoding: Buffer.from('json/plain'), type: Buffer.from('Keyword') }, data: Buffer.from(JSON.stringify(status)) }],
    count,
  }));
  return { count: runs.length, groups };
}

export function listRuns(
  engine: Engine,
  ns: NamespaceState,
  o: { query?: string | null; pageSize?: number | null; nextPageToken?: Uint8Array | null },
): { executions: ReturnType<typeof executionInfo>[]; nextPageToken: Buffer } {
  const query = o.query ?? '';
  const parsed = parseQuery(query);
  const order = compileOrder(ns, parsed);
  const rows = matching(engine, ns, query).map((run) => ({ run, key: order.key(run) }));
  rows.sort((a, b) => order.cmp(a.key, b.key));
  let start = 0;
  if (o.nextPageToken && o.nextPageToken.length > 0) {
    let token: { q: string; k: unknown[] };
    try {
      token = JSON.parse(Buffer.from(o.nextPageToken).toString('utf8'));
    } catch {
      throw invalidArgument('invalid next page token');
    }
    if (!token || token.q !== query || !Array.isArray(token.k)) throw invalidArgument('next page token does not belong to this query');
    const after = token.k as Parameters<typeof order.cmp>[0];
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (order.cmp(rows[mid].key, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const pageSize = o.pageSize && o.pageSize > 0 ? o.pageSize : DEFAULT_PAGE_SIZE;
  const page = rows.slice(start, start + pageSize);
  const more = start + pageSize < rows.length;
  const nextPageToken = more ? Buffer.from(JSON.stringify({ q: query, k: page[page.length - 1].key })) : Buffer.alloc(0);
  return { executions: page.map((r) => executionInfo(r.run)), nextPageToken };
}
