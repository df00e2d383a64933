// What the approvals API lists, read from Temporal visibility through the TaskGateway (one list call
// per page, each task from the copy its run published: no query per task). Pending approvals are the
// tenant's input-required tasks that grant one of the caller's roles; submissions are the caller's
// own tasks. Both are eventually consistent, as ListTasks is (README "Limits"). A read is keyed by
// what determines it, so the live feeds share one read among principals with equal keys.
import type { TaskSnapshot } from '../../src/task-runtime/contract';
import type { Principal } from '../request-handler';
import type { TaskGateway, TaskListFilter } from '../temporal/task-gateway';
import { isListableRole } from '../temporal/task-list-query';
import { ownerKey } from '../temporal/task-gateway';
import type { PendingApproval, PendingApprovals, Submission, Submissions } from './approval-wire';

/** Tasks one answer lists at most (newest first); `truncated` says when more matched. */
export const MAX_LISTED = 200;
const PAGE_SIZE = 100;

/** One principal's listing: `read` is the same for every principal with the same `key`; `view` makes it theirs. */
export interface ApprovalRead<T> {
  /** The inputs that determine `read`: kind, tenant, listable roles (pending), scopes, subject (submissions). */
  key: string;
  /** One listing from visibility. */
  read(): Promise<T>;
  /** This principal's answer from a `read` made for the same key (no I/O). */
  view(listed: T): T;
}

export interface ApprovalListing {
  pending(principal: Principal): ApprovalRead<PendingApprovals>;
  submissions(principal: Principal): ApprovalRead<Submissions>;
}

export interface ApprovalListingDeps {
  gateway: Pick<TaskGateway, 'listTasks' | 'getSnapshot'>;
  /** Whether a principal with these scopes may use the agent; tasks of other agents are left out. */
  mayUseAgent(scopes: readonly string[], agentId: string): boolean;
}

export function createApprovalListing(deps: ApprovalListingDeps): ApprovalListing {
  async function listed(filter: TaskListFilter): Promise<{ snapshots: TaskSnapshot[]; truncated: boolean }> {
    const snapshots: TaskSnapshot[] = [];
    let pageToken: string | undefined;
    do {
      const page = await deps.gateway.listTasks(filter, { pageSize: PAGE_SIZE, pageToken, view: { historyLength: 1 } });
      for (const task of page.tasks) {
        // A run that published no copy (started before copies existed) is read once.
        const snapshot = task.published ?? (await deps.gateway.getSnapshot(task.taskId, { historyLength: 1 }));
        if (snapshot && snapshot.mode !== 'message') snapshots.push(snapshot);
      }
      pageToken = page.nextPageToken || undefined;
    } while (pageToken && snapshots.length < MAX_LISTED);
    // Visibility orders by status time; a server that cannot (start-time order, see the gateway) is sorted here.
    snapshots.sort((a, b) => b.task.status.timestamp.localeCompare(a.task.status.timestamp));
    return { snapshots: snapshots.slice(0, MAX_LISTED), truncated: pageToken !== undefined || snapshots.length > MAX_LISTED };
  }

  // Scopes decide which agents' tasks are shown; sorted so that their order does not split a key.
  const keyOf = (...parts: unknown[]) => JSON.stringify(parts);
  const scopesOf = (principal: Principal) => [...new Set(principal.scopes)].sort();
  const mayUse = (scopes: readonly string[], tenant: string, s: TaskSnapshot) => s.owner.tenant === tenant && deps.mayUseAgent(scopes, s.agentId);

  return {
    pending(principal) {
      const { tenant } = principal;
      const scopes = scopesOf(principal);
      // Only a granted role makes a task decidable, so the read lists granted tasks only: it does not
      // depend on who asks, and every holder of the same roles (and scopes) shares it.
      const roles = [...new Set(principal.roles.filter(isListableRole))].sort();
      return {
        key: keyOf('pending', tenant, roles, scopes),
        async read() {
          if (roles.length === 0) return { kind: 'pending-approvals', items: [], counts: { total: 0, byAgent: {} }, truncated: false };
          const { snapshots, truncated } = await listed({ tenant, roles, state: 'input-required' });
          const items = snapshots
            .filter((s) => mayUse(scopes, tenant, s) && s.task.status.state === 'input-required' && (s.grants?.roles ?? []).some((r) => roles.includes(r)))
            .map(pendingItem);
          return { kind: 'pending-approvals', items, counts: { total: items.length, byAgent: countBy(items, (i) => i.agentId) }, truncated };
        },
        view: (listedApprovals) => ({ ...listedApprovals, items: listedApprovals.items.map((i) => ({ ...i, ownSubmission: i.submittedBy === principal.subject })) }),
      };
    },
    submissions(principal) {
      const { tenant, subject } = principal;
      const scopes = scopesOf(principal);
      return {
        key: keyOf('submissions', tenant, subject, scopes),
        async read() {
          // No roles: the filter is the caller's own tasks only (ListTasks also shows tasks granted to a role).
          const { snapshots, truncated } = await listed({ tenant, owner: ownerKey({ tenant, subject }) });
          const items = snapshots.filter((s) => mayUse(scopes, tenant, s) && s.owner.subject === subject).map(listedItem);
          return { kind: 'submissions', items, counts: { total: items.length, byState: countBy(items, (i) => i.state) }, truncated };
        },
        view: (listedSubmissions) => listedSubmissions,
      };
    },
  };
}

function listedItem(s: TaskSnapshot): Submission {
  const text = s.task.status.message?.parts
    .map((p) => (p.kind === 'text' ? p.text : ''))
    .join('\n')
    .trim();
  return {
    agentId: s.agentId,
    taskId: s.task.id,
    contextId: s.task.contextId,
    state: s.task.status.state,
    updatedAt: s.task.status.timestamp,
    ...(s.createdAt ? { createdAt: s.createdAt } : {}),
    ...(text ? { notice: text.slice(0, 1_000) } : {}),
  };
}

/** `ownSubmission` is the viewer's: set by `view`. */
function pendingItem(s: TaskSnapshot): PendingApproval {
  return {
    ...listedItem(s),
    submittedBy: s.owner.subject,
    ownSubmission: false,
    grantedRoles: [...(s.grants?.roles ?? [])],
  };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
