// The activity calls agent workflows make, with options from the agent's settings: an MCP tool call
// (per-tool timeout and retry), a model step, and the document intake activities. All heartbeat, and
// cancellation waits for the activity to acknowledge it, so a canceled task has stopped its work
// (closed the model connection, aborted the tool request) by the time it reports `canceled`.
import { ActivityCancellationType, ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { CallMcpToolResult, CallModelInput, CallModelResult } from '../../src/agent-runtime/contracts';
import { modelStepActivityOptions, toolCallPlan } from '../../src/agent-runtime/tool-settings';
import type { StepSettings } from '../../src/document-verification/step-settings';

type ToolActivities = Pick<Activities, 'callMcpTool' | 'listMcpTools'>;
type ModelActivities = Pick<Activities, 'callModel'>;
export type DocumentActivities = Pick<Activities, 'storeInlineDocument' | 'downloadDocument' | 'describeStoredDocument'>;

export interface ToolAccess {
  server: string;
  allowedTools: string[];
  steps: StepSettings;
}

/** `validateOutput`: `tool` is a document tool whose result the caller reads by its output type. */
export function callTool(access: ToolAccess, tool: string, args: Record<string, unknown>, options: { validateOutput?: boolean } = {}): Promise<CallMcpToolResult> {
  const plan = toolCallPlan(access.steps.tools, { server: access.server, tool });
  const { callMcpTool } = proxyActivities<ToolActivities>({
    ...plan.activityOptions,
    heartbeatTimeout: access.steps.toolHeartbeatTimeoutMs,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  return callMcpTool({
    server: access.server,
    tool,
    arguments: args,
    allowedTools: access.allowedTools,
    timeoutMs: plan.timeoutMs,
    ...(options.validateOutput ? { validateOutput: true } : {}),
  });
}

export function listTools(access: ToolAccess) {
  const { listMcpTools } = proxyActivities<ToolActivities>({
    ...toolCallPlan(access.steps.tools, { server: access.server, tool: '*' }).activityOptions,
    heartbeatTimeout: access.steps.toolHeartbeatTimeoutMs,
  });
  return listMcpTools({ server: access.server, allowedTools: access.allowedTools });
}

export function callModelStep(steps: StepSettings, input: CallModelInput): Promise<CallModelResult> {
  const { callModel } = proxyActivities<ModelActivities>({
    ...modelStepActivityOptions(steps.model),
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
  return callModel(input);
}

export function documentActivities(steps: StepSettings): DocumentActivities {
  return proxyActivities<DocumentActivities>({
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: Math.max(steps.toolHeartbeatTimeoutMs, 20_000),
    retry: { maximumAttempts: 5, initialInterval: '1 second', maximumInterval: '20 seconds' },
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  });
}

/** The ApplicationFailure type behind an activity failure, to branch on (e.g. ModelNotConfigured). */
export function failureType(err: unknown): string | undefined {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
}

/** The message a person should read for an activity failure: the cause's, not the wrapper's, never a bug's. */
export { publicFailureText as failureMessage } from '../task-runtime/failure-text';

/** Text of an MCP result's text blocks, e.g. the reason of an `isError` result. */
export function toolResultText(result: CallMcpToolResult): string {
  return result.content
    .map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
    .filter(Boolean)
    .join('\n');
}
