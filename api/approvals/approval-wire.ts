// The wire types of the approvals API (`/approvals/…`, see README "Approvals inbox"): zod schemas are
// the contract other front ends read; the TypeScript types are inferred from them.
import { z } from 'zod';

const listedTask = z.object({
  agentId: z.string(),
  taskId: z.string(),
  contextId: z.string(),
  state: z.string(),
  /** ISO 8601 time of the task's current status (the list is newest first by it). */
  updatedAt: z.string(),
  createdAt: z.string().optional(),
  /** The status message's text as the task published it (at most 1,000 characters). */
  notice: z.string().optional(),
});

export const pendingApprovalSchema = listedTask.extend({
  /** Subject of the principal who submitted the task. */
  submittedBy: z.string(),
  /** The caller submitted it: approving may be refused (self-approval), rejecting is allowed. */
  ownSubmission: z.boolean(),
  /** The roles the waiting task grants; the caller holds at least one of them. */
  grantedRoles: z.array(z.string()),
});

export const pendingApprovalsSchema = z.object({
  kind: z.literal('pending-approvals'),
  items: z.array(pendingApprovalSchema),
  counts: z.object({ total: z.number().int(), byAgent: z.record(z.string(), z.number().int()) }),
  /** More were waiting than one answer lists (see MAX_LISTED); the oldest were left out. */
  truncated: z.boolean(),
});

export const submissionsSchema = z.object({
  kind: z.literal('submissions'),
  items: z.array(listedTask),
  counts: z.object({ total: z.number().int(), byState: z.record(z.string(), z.number().int()) }),
  truncated: z.boolean(),
});

export type PendingApproval = z.infer<typeof pendingApprovalSchema>;
export type PendingApprovals = z.infer<typeof pendingApprovalsSchema>;
export type Submission = z.infer<typeof listedTask>;
export type Submissions = z.infer<typeof submissionsSchema>;
