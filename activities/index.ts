// Every activity the worker registers, built from explicit dependencies (no module-level clients).
import { createPushActivities, type PushActivityDeps } from './push/deliver-push-notification';

export interface ActivityDeps {
  push: PushActivityDeps;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createPushActivities(deps.push),
  };
}

export type Activities = ReturnType<typeof createActivities>;
