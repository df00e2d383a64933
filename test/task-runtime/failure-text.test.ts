// What a client may read of a failure: an activity's classified failure in its own words; a bug's text
// (an unclassified error the SDK named after its class) never; and which throws are bugs at all.
import { ActivityFailure, ApplicationFailure, CancelledFailure, RetryState } from '@temporalio/common';
import { INTERNAL_ERROR_TEXT, isWorkflowBug, publicFailureText } from '../../workflows/task-runtime/failure-text';

const fromActivity = (cause: Error) => new ActivityFailure('Activity task failed', 'callMcpTool', '3', RetryState.MAXIMUM_ATTEMPTS_REACHED, 'worker', cause);

describe('failure text for clients', () => {
  it('shows the message of a failure someone classified', () => {
    expect(publicFailureText(fromActivity(ApplicationFailure.nonRetryable('the document is 9 MB, above 5 MB', 'DocumentTooLarge')))).toBe('the document is 9 MB, above 5 MB');
    expect(publicFailureText(ApplicationFailure.nonRetryable('the ledger refused invoice 42', 'LedgerRefused'))).toBe('the ledger refused invoice 42');
  });

  it('hides the text of an error an activity threw without classifying it', () => {
    const bug = ApplicationFailure.create({ message: "Cannot read properties of undefined (reading 'pages')", type: 'TypeError' });
    expect(publicFailureText(fromActivity(bug))).toBe(INTERNAL_ERROR_TEXT);
    expect(publicFailureText(fromActivity(ApplicationFailure.create({ message: 'secret path /srv/x', type: 'Error' })))).toBe(INTERNAL_ERROR_TEXT);
  });

  it('hides the text of anything thrown that is not a Temporal failure', () => {
    expect(publicFailureText(new TypeError('x is not a function'))).toBe(INTERNAL_ERROR_TEXT);
    expect(publicFailureText('a string')).toBe(INTERNAL_ERROR_TEXT);
  });

  it('treats only errors that are not Temporal failures as bugs', () => {
    expect(isWorkflowBug(new TypeError('x is not a function'))).toBe(true);
    expect(isWorkflowBug(new Error('invalid transition'))).toBe(true);
    expect(isWorkflowBug(ApplicationFailure.nonRetryable('no', 'Refused'))).toBe(false);
    expect(isWorkflowBug(fromActivity(new CancelledFailure('cancelled')))).toBe(false);
  });
});
