// Every activity the worker registers, built from explicit dependencies (no module-level clients).
import { createModelActivities, type ModelActivitiesDeps } from './llm';
import { createMcpActivities, type McpActivitiesDeps } from './mcp';
import { createPushActivities, type PushActivityDeps } from './push/deliver-push-notification';

export interface ActivityDeps {
  push: PushActivityDeps;
  model: ModelActivitiesDeps;
  mcp: McpActivitiesDeps;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createPushActivities(deps.push),
    ...createModelActivities(deps.model),
    ...createMcpActivities(deps.mcp),
  };
}

export type Activities = ReturnType<typeof createActivities>;
