// Visibility: the query-language parser on its own, then List/Count/Scan over real runs with typed
// custom search attributes (as the A2A layer filters tasks by context id, state and timestamps),
// ordering, stable paging with pageSize/nextPageToken, memo in results and INVALID_ARGUMENT errors.
import { temporal } from '@temporalio/proto';
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import { parseQuery } from '../../src/embedded-temporal/visibility/query-parser';
import { startHarness, uniqueId, type Harness } from '../support/embedded-temporal-harness';

const E = temporal.api.enums.v1;

describe('visibility query parser', () => {
  test('parses precedence, parentheses, IN, STARTS_WITH, BETWEEN, IS NULL and ORDER BY', () => {
    const q = parseQuery("WorkflowType = 'a' OR (ExecutionStatus != \"Running\" AND Priority >= 3) AND NOT Tag IN ('x', 'y') ORDER BY Priority DESC, StartTime");
    expect(q.orderBy).toEqual([{ attr: 'Priority', desc: true }, { attr: 'StartTime', desc: false }]);
    expect(q.where).toMatchObject({ op: 'or', left: { op: 'cmp', attr: 'WorkflowType', cmp: '=', value: 'a' }, right: { op: 'and' } });
    expect(parseQuery('`Custom Name` IS NOT NULL').where).toEqual({ op: 'null', attr: 'Custom Name', negate: true });
    expect(parseQuery("Id STARTS_WITH 'ab' AND N BETWEEN 1 AND 5 AND X NOT IN (1)").where).toMatchObject({
      op: 'and',
      left: { op: 'and', left: { op: 'startsWith', value: 'ab' }, right: { op: 'between', low: 1, high: 5 } },
      right: { op: 'in', negate: true, values: [1] },
    });
    expect(parseQuery('').where).toBeNull();
    expect(parseQuery('a <> -2.5').where).toEqual({ op: 'cmp', attr: 'a', cmp: '!=', value: -2.5 });
  });

  test('reports malformed queries with a position', () => {
    expect(() => parseQuery("WorkflowType = 'unterminated")).toThrow(/unterminated string/);
    expect(() => parseQuery('WorkflowType =')).toThrow(/expected a value at end of query/);
    expect(() => parseQuery("(A = 'x'")).toThrow(/expected '\)'/);
    expect(() => parseQuery("A = 'x' B = 'y'")).toThrow(/expected end of query at position 8/);
    expect(() => parseQuery('A ~ 1')).toThrow(/unexpected character/);
  });
});

describe('listing and counting workflows', () => {
  let h: Harness;
  const taskQueue = uniqueId('visibility');
  const keys = {
    contextId: defineSearchAttributeKey('ContextId', SearchAttributeType.KEYWORD),
    taskState: defineSearchAttributeKey('TaskState', SearchAttributeType.KEYWORD),
    statusAt: defineSearchAttributeKey('StatusTimestamp', SearchAttributeType.DATETIME),
    priority: defineSearchAttributeKey('Priority', SearchAttributeType.INT),
    score: defineSearchAttributeKey('Score', SearchAttributeType.DOUBLE),
    urgent: defineSearchAttributeKey('Urgent', SearchAttributeType.BOOL),
    labels: defineSearchAttributeKey('Labels', SearchAttributeType.KEYWORD_LIST),
    summary: defineSearchAttributeKey('Summary', SearchAttributeType.TEXT),
  };
  const base = Date.parse('2026-01-01T00:00:00Z');
  const ids: string[] = [];

  const list = async (query: string) => {
    const out: string[] = [];
    const [where, order] = query.split(/ (?=ORDER BY)/);
    const full = `TaskQueue = '${taskQueue}' AND (${where})${order ? ` ${order}` : ''}`;
    for await (const wf of h.client.workflow.list({ query: full })) out.push(wf.workflowId);
    return out;
  };
  const id = (i: number) => ids[i];

  beforeAll(async () => {
    h = await startHarness();
    const VT = E.IndexedValueType;
    await h.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: {
        ContextId: VT.INDEXED_VALUE_TYPE_KEYWORD,
        TaskState: VT.INDEXED_VALUE_TYPE_KEYWORD,
        StatusTimestamp: VT.INDEXED_VALUE_TYPE_DATETIME,
        Priority: VT.INDEXED_VALUE_TYPE_INT,
        Score: VT.INDEXED_VALUE_TYPE_DOUBLE,
        Urgent: VT.INDEXED_VALUE_TYPE_BOOL,
        Labels: VT.INDEXED_VALUE_TYPE_KEYWORD_LIST,
        Summary: VT.INDEXED_VALUE_TYPE_TEXT,
      },
    });
    for (let i = 0; i < 10; i++) {
      const attrs: SearchAttributePair[] = [
        { key: keys.contextId, value: i < 6 ? 'ctx-a' : 'ctx-b' },
        { key: keys.taskState, value: ['working', 'input-required', 'completed'][i % 3] },
        { key: keys.statusAt, value: new Date(base + i * 60_000) },
        { key: keys.priority, value: (i * 7) % 10 },
        { key: keys.score, value: i / 4 },
        { key: keys.urgent, value: i % 2 === 0 },
        { key: keys.labels, value: i % 2 === 0 ? ['even', `n${i}`] : ['odd'] },
      ];
      if (i < 3) attrs.push({ key: keys.summary, value: `Quarterly report number ${i}` });
      const workflowId = `${taskQueue}-${i}`;
      await h.client.workflow.start(i === 9 ? 'otherType' : 'listedType', { taskQueue, workflowId, typedSearchAttributes: attrs, memo: { index: i } });
      ids.push(workflowId);
    }
    await h.client.workflow.getHandle(id(9)).terminate('closed for the test');
  });
  afterAll(async () => h?.close());

  test('filters on built-in attributes: type, status, ids', async () => {
    expect(await list("WorkflowType = 'otherType'")).toEqual([id(9)]);
    expect((await list("ExecutionStatus = 'Terminated'"))).toEqual([id(9)]);
    expect((await list("ExecutionStatus = 'Running'")).length).toBe(9);
    expect(await list(`WorkflowId IN ('${id(1)}', '${id(2)}')`)).toEqual([id(2), id(1)]);
    expect((await list(`WorkflowId STARTS_WITH '${taskQueue}-'`)).length).toBe(10);
    expect(await list('CloseTime IS NOT NULL')).toEqual([id(9)]);
  });

  test('filters on typed custom attributes with type-aware comparisons', async () => {
    expect((await list("ContextId = 'ctx-b' AND TaskState = 'working'")).sort()).toEqual([id(6), id(9)].sort());
    expect((await list("ContextId = 'ctx-a' AND TaskState != 'completed'")).length).toBe(4);
    const at = (i: number) => new Date(base + i * 60_000).toISOString();
    expect((await list(`StatusTimestamp >= '${at(7)}'`)).sort()).toEqual([id(7), id(8), id(9)].sort());
    expect((await list(`StatusTimestamp BETWEEN '${at(2)}' AND '${at(4)}'`)).sort()).toEqual([id(2), id(3), id(4)].sort());
    expect((await list(`StatusTimestamp < '2026-01-01T00:01:30+00:00'`)).sort()).toEqual([id(0), id(1)].sort());
    expect((await list('Priority > 7')).sort()).toEqual([id(4), id(7)].sort()); // 8 and 9
    expect((await list('Score <= 0.5')).sort()).toEqual([id(0), id(1), id(2)].sort());
    expect((await list('Urgent = true')).length).toBe(5);
    expect((await list("Labels = 'odd'")).length).toBe(5);
    expect(await list("Labels IN ('n4', 'n6')")).toEqual([id(6), id(4)]);
    expect((await list("Summary = 'report quarterly'")).length).toBe(3);
    expect((await list('Summary IS NULL')).length).toBe(7);
    expect((await list("(ContextId = 'ctx-b' OR Priority = 0) AND NOT Urgent = false")).sort()).toEqual([id(0), id(6), id(8)].sort());
  });

  test('orders by StartTime DESC by default and by ORDER BY when given', async () => {
    expect(await list("ContextId = 'ctx-a'")).toEqual([5, 4, 3, 2, 1, 0].map(id));
    // Priorities of runs 0..5 are 0, 7, 4, 1, 8, 5.
    expect(await list("ContextId = 'ctx-a' ORDER BY Priority ASC")).toEqual([0, 3, 2, 5, 1, 4].map(id));
    expect(await list("ContextId = 'ctx-a' ORDER BY StatusTimestamp DESC")).toEqual([5, 4, 3, 2, 1, 0].map(id));
    expect((await list('Priority >= 0 ORDER BY Urgent')).length).toBe(10);
  });

  test('pages are stable: every run appears exactly once even when runs start between pages', async () => {
    const query = `TaskQueue = '${taskQueue}'`;
    const seen: string[] = [];
    let token: Uint8Array | undefined;
    let pages = 0;
    do {
      const page = await h.connection.workflowService.listWorkflowExecutions({ namespace: 'default', query, pageSize: 3, nextPageToken: token });
      seen.push(...page.executions!.map((e) => e.execution!.workflowId!));
      expect(page.executions!.every((e) => e.memo?.fields?.index)).toBe(true);
      if (pages === 0) await h.client.workflow.start('late', { taskQueue, workflowId: `${taskQueue}-late` });
      token = page.nextPageToken && page.nextPageToken.length ? page.nextPageToken : undefined;
      pages++;
    } while (token);
    expect(pages).toBe(4);
    expect(seen).toEqual([...ids].reverse());
    const counted = await h.client.workflow.count(query);
    expect(counted.count).toBe(11);
    const grouped = await h.client.workflow.count(`${query} GROUP BY ExecutionStatus`);
    expect(grouped.count).toBe(11);
    expect(Object.fromEntries(grouped.groups.map((g) => [g.groupValues[0], g.count]))).toEqual({ Running: 10, Terminated: 1 });
    await h.client.workflow.getHandle(`${taskQueue}-late`).terminate();
  });

  test('list results carry memo and search attributes', async () => {
    for await (const wf of h.client.workflow.list({ query: `WorkflowId = '${id(2)}'` })) {
      expect(wf.memo).toEqual({ index: 2 });
      expect(wf.typedSearchAttributes.get(keys.contextId)).toBe('ctx-a');
      expect(wf.typedSearchAttributes.get(keys.priority)).toBe(4);
    }
  });

  test('unregistered attributes are typed from the payload metadata', async () => {
    const ad = defineSearchAttributeKey('AdHocCount', SearchAttributeType.INT);
    await h.client.workflow.start('adhoc', { taskQueue, workflowId: `${taskQueue}-adhoc`, typedSearchAttributes: [{ key: ad, value: 42 }] });
    expect(await list('AdHocCount > 40')).toEqual([`${taskQueue}-adhoc`]);
    await h.client.workflow.getHandle(`${taskQueue}-adhoc`).terminate();
  });

  test('invalid queries and mistyped values answer INVALID_ARGUMENT', async () => {
    const ws = h.connection.workflowService;
    for (const query of ["Nope = 'x'", "Priority = 'high'", "StatusTimestamp > 'yesterday'", 'WorkflowType = ', "Summary > 'a'", "ExecutionStatus = 'Sleeping'"]) {
      await expect(ws.listWorkflowExecutions({ namespace: 'default', query })).rejects.toMatchObject({ code: 3 });
    }
    await expect(ws.countWorkflowExecutions({ namespace: 'default', query: 'ORDER BY' })).rejects.toMatchObject({ code: 3 });
  });
});
