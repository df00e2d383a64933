// What the approvals API lists, read from Temporal visibility through the TaskGateway (one list call
// per page, each task from the copy its run published: no query per task). Pending approvals are the
// tenant's input-required tasks that grant one of the caller's roles; submissions are the caller's
// own tasks. Both are eventually consistent, as ListTasks is (README "Limits").
import type { TaskSnapshot } from '../../src/task-runtime/contract';
import type { Principal } from '../request-handler';
import type { TaskGateway, TaskListFilter } from '../temporal/task-gateway';
import { ownerKey } from '../temporal/task-gateway';
import type { PendingApproval, PendingApprovals, Submission, Submissions } from './approval-wire';

/** Tasks one answer lists at most (newest first); `truncated` says when more matched. */
export const MAX_LISTED = 200;
const PAGE_SIZE = 100;

export interface ApprovalListing {
  pending(principal: Principal): Promise<PendingApprovals>;
  submissions(principal: Principal): Promise<Submissions>;
}

export interface ApprovalListingDeps {
  gateway: Pick<TaskGateway, 'listTasks' | 'getSnapshot'>;
  /** Whether the principal may use the agent (its scope); tasks of other agents are left out. */
  mayUseAgent(principal: Principal, agentId: string): boolean;
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

  const visibleTo = (principal: Principal, s: TaskSnapshot) => s.owner.tenant === principal.tenant && deps.mayUseAgent(principal, s.agentId);

  return {
    async pending(principal) {
      // Only a granted role makes a task decidable; without roles there is nothing to ask visibility.
      const roles = principal.roles.filter((role) => role !== '');
      if (roles.length === 0) return { kind: 'pending-approvals', items: [], counts: { total: 0, byAgent: {} }, truncated: false };
      const { snapshots, truncated } = await listed({ tenant: principal.tenant, owner: ownerKey(principal), roles, state: 'input-required' });
      const items = snapshots
        .filter((s) => visibleTo(principal, s) && s.task.status.state === 'input-required' && (s.grants?.roles ?? []).some((r) => roles.includes(r)))
        .map((s) => pendingItem(principal, s));
      return { kind: 'pending-approvals', items, counts: { total: items.length, byAgent: countBy(items, (i) => i.agentId) }, truncated };
    },
    async submissions(principal) {
      // No roles: the filter is the caller's own tasks only (ListTasks also shows tasks granted to a role).
      const { snapshots, truncated } = await listed({ tenant: principal.tenant, owner: ownerKey(principal) });
      const items = snapshots.filter((s) => visibleTo(principal, s) && s.owner.subject === principal.subject).map(listedItem);
      return { kind: 'submissions', items, counts: { total: items.length, byState: countBy(items, (i) => i.state) }, truncated };
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

function pendingItem(principal: Principal, s: TaskSnapshot): PendingApproval {
  return {
    ...listedItem(s),
    submittedBy: s.owner.subject,
    ownSubmission: s.owner.subject === principal.subject,
    grantedRoles: [...(s.grants?.roles ?? [])],
  };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}
