// The durable-state anchor of bench:a2a: @a2a-js/sdk's TaskStore on SQLite (better-sqlite3, WAL,
// synchronous=FULL, so every save is fsynced before it returns). The SDK 1.3 ships DatabaseTaskStore,
// but on Kysely, which this project does not install; this is the same table (one row per task, the
// task's parts as JSON columns) and the same upsert and keyed select, issued straight to the driver.
import Database from 'better-sqlite3';
import { Task, type ListTasksRequest, type ListTasksResponse } from '@a2a-js/sdk';
import { resolveUserScope, type ServerCallContext, type TaskStore } from '@a2a-js/sdk/server';

interface TaskRow {
  id: string;
  context_id: string;
  status: string | null;
  artifacts: string | null;
  history: string | null;
  metadata: string | null;
}

const encode = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
const decode = (value: string | null) => (value ? (JSON.parse(value) as unknown) : undefined);

export function createSqliteTaskStore(file: string): TaskStore & { close(): void } {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // DatabaseTaskStore's table (taskStoreMigrations), keyed by tenant, owner and id.
  db.exec(`CREATE TABLE IF NOT EXISTS tasks (
    tenant TEXT NOT NULL, owner TEXT NOT NULL, id TEXT NOT NULL, context_id TEXT NOT NULL,
    status_last_updated INTEGER NOT NULL, status_state TEXT, status TEXT, artifacts TEXT, history TEXT,
    metadata TEXT, protocol_version TEXT, PRIMARY KEY (tenant, owner, id))`);
  db.exec('CREATE INDEX IF NOT EXISTS tasks_listing ON tasks (tenant, owner, status_last_updated DESC, id DESC)');
  const upsert = db.prepare(`INSERT INTO tasks VALUES (@tenant, @owner, @id, @context_id, @status_last_updated, @status_state,
      @status, @artifacts, @history, @metadata, '1.0')
    ON CONFLICT (tenant, owner, id) DO UPDATE SET context_id = excluded.context_id, status_last_updated = excluded.status_last_updated,
      status_state = excluded.status_state, status = excluded.status, artifacts = excluded.artifacts, history = excluded.history,
      metadata = excluded.metadata, protocol_version = excluded.protocol_version`);
  const select = db.prepare('SELECT id, context_id, status, artifacts, history, metadata FROM tasks WHERE tenant = ? AND owner = ? AND id = ?');
  const page = db.prepare('SELECT id, context_id, status, artifacts, history, metadata FROM tasks WHERE tenant = ? AND owner = ? ORDER BY status_last_updated DESC, id DESC LIMIT ?');
  const count = db.prepare('SELECT COUNT(*) AS total FROM tasks WHERE tenant = ? AND owner = ?');
  const scope = (context: ServerCallContext) => [context.tenant ?? '', resolveUserScope(context)] as const;
  const fromRow = (row: TaskRow) =>
    Task.fromJSON({ id: row.id, contextId: row.context_id, status: decode(row.status), artifacts: decode(row.artifacts), history: decode(row.history), metadata: decode(row.metadata) });

  return {
    async save(task, context) {
      const json = Task.toJSON(task) as { status?: { state?: string; timestamp?: string }; artifacts?: unknown; history?: unknown; metadata?: unknown };
      const [tenant, owner] = scope(context);
      upsert.run({
        tenant,
        owner,
        id: task.id,
        context_id: task.contextId || '',
        status_last_updated: Date.parse(json.status?.timestamp ?? '') || 0,
        status_state: json.status?.state ?? null,
        status: encode(json.status),
        artifacts: encode(json.artifacts),
        history: encode(json.history),
        metadata: encode(json.metadata),
      });
    },
    async load(taskId, context) {
      const row = select.get(...scope(context), taskId) as TaskRow | undefined;
      return row ? fromRow(row) : undefined;
    },
    // Not exercised by the benchmark: the first page only, no filters, enough to honour the interface.
    async list(params: ListTasksRequest, context): Promise<ListTasksResponse> {
      const pageSize = params.pageSize || 50;
      const rows = page.all(...scope(context), pageSize) as TaskRow[];
      const { total } = count.get(...scope(context)) as { total: number };
      return { tasks: rows.map(fromRow), nextPageToken: '', pageSize, totalSize: total };
    },
    close: () => db.close(),
  };
}
