// What a client may read about a failure, and which failures are the task's outcome at all. A
// TemporalFailure (an activity's or child's failure, an ApplicationFailure the agent throws) is an
// outcome; anything else thrown by workflow code is a bug that must fail the workflow task instead.
import { ActivityFailure, ApplicationFailure, ChildWorkflowFailure, TemporalFailure } from '@temporalio/workflow';

/** Failure text a client may see when the cause was not classified by anyone (a bug somewhere). */
export const INTERNAL_ERROR_TEXT = 'an internal error occurred';

// The SDK names an unclassified error thrown in an activity after its class: those messages were
// written for developers (a TypeError's "Cannot read properties of undefined"), not for clients.
const BUILT_IN_ERROR_NAMES = new Set(['Error', 'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError']);

/** A programming error in workflow code: not a failure any Temporal API or the agent raised on purpose. */
export function isWorkflowBug(err: unknown): boolean {
  return !(err instanceof TemporalFailure);
}

/** The message a person should read: the innermost cause's, unless that cause was never classified. */
export function publicFailureText(err: unknown): string {
  let current: unknown = err;
  while ((current instanceof ActivityFailure || current instanceof ChildWorkflowFailure) && current.cause) current = current.cause;
  if (current instanceof ApplicationFailure && current.type && BUILT_IN_ERROR_NAMES.has(current.type)) return INTERNAL_ERROR_TEXT;
  if (current instanceof TemporalFailure) return current.message;
  return INTERNAL_ERROR_TEXT;
}
