// The namespace retention the sweep needs: Temporal drops a closed run (and its visibility record) once
// the namespace's retention has passed, and the sweep finds closed tasks only through visibility, so a
// run must outlive RETENTION_PERIOD plus one sweep interval, with a margin for a late or failed sweep.
import type { RetentionSettings } from './retention-contract';

/** Room for a sweep that runs late or fails a few times before it succeeds. */
export const NAMESPACE_RETENTION_MARGIN_MS = 86_400_000;

/** The shortest namespace retention under which the sweep still sees every closed task. */
export function minimumNamespaceRetentionMs(settings: RetentionSettings): number | undefined {
  return settings.periodMs ? settings.periodMs + settings.sweepEveryMs : undefined;
}

/** What the embedded engine keeps closed runs for (as an operator sets a cluster's); undefined: its default. */
export function embeddedNamespaceRetentionMs(settings: RetentionSettings): number | undefined {
  const minimum = minimumNamespaceRetentionMs(settings);
  return minimum === undefined ? undefined : minimum + NAMESPACE_RETENTION_MARGIN_MS;
}
