/**
 * The deadline watch's metrics: counts only, no request ids or personal data. They are published
 * in CloudWatch embedded metric format (a log line, no SDK call), and the alarm on overdue requests
 * (infra/constructs/operations.ts) reads the same names from here. `service` is the dimension the
 * metrics writer adds for its service name.
 */
export const DEADLINE_METRICS = {
  namespace: 'PrivacyDesk',
  overdue: 'OverdueRequests',
  dueSoon: 'DueSoonRequests',
  dimensions: { service: 'deadline-watch' },
} as const;

/** The counts of one deadline watch run, by metric name. */
export function deadlineMetricCounts(counts: { overdue: number; dueSoon: number }): Record<string, number> {
  return { [DEADLINE_METRICS.overdue]: counts.overdue, [DEADLINE_METRICS.dueSoon]: counts.dueSoon };
}
