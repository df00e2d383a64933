// Whether an error means the task was canceled. Activities wait for their cancellation to complete
// (WAIT_CANCELLATION_COMPLETED), and one that fails or times out instead of acknowledging the cancel
// comes back as an ActivityFailure the server did not retry because the cancel was requested: that
// is the cancel too, or a step's fallback (e.g. the rules summary) would complete a canceled task.
import { ActivityFailure, isCancellation, patched } from '@temporalio/workflow';

/** Runs that settled such a failure as an ordinary step failure before this replay that way. */
const CANCEL_REQUESTED_FAILURE_PATCH = 'activity-failed-after-cancel-is-cancellation';

export function isCanceled(err: unknown): boolean {
  if (isCancellation(err)) return true;
  return err instanceof ActivityFailure && err.retryState === 'CANCEL_REQUESTED' && patched(CANCEL_REQUESTED_FAILURE_PATCH);
}
