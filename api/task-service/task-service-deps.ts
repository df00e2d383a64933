// What the Temporal-backed A2A handler needs, passed in by the entry point (no singletons).
import type { JsonObject, Message } from '../../src/a2a-model/types';
import type { AuditLog } from '../../src/audit/audit-log';
import type { DecisionLinks } from '../../src/decision-links/decision-link-token';
import type { Logger } from '../../src/logger';
import type { CallContext } from '../request-handler';
import type { TaskGateway } from '../temporal/task-gateway';
import type { TaskFeeds } from './task-feed';

/** What the task service needs to know about an agent to run its tasks. */
export interface AgentRuntimeInfo {
  workflowType: string;
  settings?: JsonObject;
  streaming: boolean;
  pushNotifications: boolean;
}

export interface TaskServiceLimits {
  /** A blocking send returns the task as it is after this long, even if it is still working. */
  maxBlockingWaitMs: number;
  /** How long CancelTask waits for the workflow to confirm the task is canceled. */
  cancelWaitMs: number;
  /** Snapshots fetched in parallel for one ListTasks page. */
  listConcurrency: number;
  /**
   * How long a non-blocking send of input waits for the workflow's decision before answering with
   * the task as it is: with no worker running, the input waits durably in history to be decided.
   */
  nonBlockingInputWaitMs: number;
}

export const DEFAULT_TASK_SERVICE_LIMITS: TaskServiceLimits = {
  maxBlockingWaitMs: 10 * 60_000,
  cancelWaitMs: 30_000,
  listConcurrency: 8,
  nonBlockingInputWaitMs: 1_500,
};

export interface TaskServiceDeps {
  gateway: TaskGateway;
  feeds: TaskFeeds;
  resolveAgent(agentId: string): AgentRuntimeInfo | undefined;
  /** Throws an A2AError when a webhook URL may not be used (SSRF policy). */
  validateWebhookUrl(url: string): Promise<void>;
  /** Moves large inline bytes out of the message before it enters workflow history. */
  prepareMessage?(ctx: CallContext, message: Message, taskId: string): Promise<Message>;
  logger: Logger;
  /** Records task starts and refused access (src/audit); nothing is recorded without it. */
  audit?: AuditLog;
  limits?: Partial<TaskServiceLimits>;
  /**
   * Principals of a task's tenant holding this role act as its owner (see, cancel, push configs);
   * default `a2a-operator`, '' for no operator role.
   */
  operatorRole?: string;
  /** Checks `metadata.decisionLink` on decisions sent from a notification's link; such messages are refused without it. */
  decisionLinks?: DecisionLinks;
}
