// The retention activities (the sweep's one activity), built from explicit dependencies.
export { createRetentionActivities, type RetentionActivityDeps } from './sweep-closed-tasks';
import type { createRetentionActivities } from './sweep-closed-tasks';

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
