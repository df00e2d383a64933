// Every activity the worker registers, built from explicit dependencies (no module-level clients).
import { createDocumentActivities, type DocumentActivitiesDeps } from './documents';
import { createModelActivities, type ModelActivitiesDeps } from './llm';
import { createMcpActivities, type McpActivitiesDeps } from './mcp';
import { createNotificationActivities, type NotificationActivityDeps } from './notifications/notify-approver';
import { createPushActivities, type PushActivityDeps } from './push/deliver-push-notification';
import { createRetentionActivities, type RetentionActivityDeps } from './retention';

export interface ActivityDeps {
  push: PushActivityDeps;
  model: ModelActivitiesDeps;
  mcp: McpActivitiesDeps;
  documents: DocumentActivitiesDeps;
  notifications: NotificationActivityDeps;
  retention: RetentionActivityDeps;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createPushActivities(deps.push),
    ...createModelActivities(deps.model),
    ...createMcpActivities(deps.mcp),
    ...createDocumentActivities(deps.documents),
    ...createNotificationActivities(deps.notifications),
    ...createRetentionActivities(deps.retention),
  };
}

export type Activities = ReturnType<typeof createActivities>;
