/**
 * The deadline watch's metrics, published as CloudWatch embedded metric format (EMF): one JSON log
 * line with `_aws` metadata that CloudWatch Logs turns into metrics, no SDK call. The alarm on
 * overdue requests (infra/constructs/operations.ts) reads the same names from here.
 */
export const DEADLINE_METRICS = {
  namespace: 'PrivacyDesk',
  overdue: 'OverdueRequests',
  dueSoon: 'DueSoonRequests',
  dimensions: { Service: 'deadline-watch' },
} as const;

/** The EMF record of one deadline watch run: counts only, no request ids or personal data. */
export function deadlineMetricsRecord(
  counts: { overdue: number; dueSoon: number },
  at: Date,
): Record<string, unknown> {
  return {
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: DEADLINE_METRICS.namespace,
          Dimensions: [Object.keys(DEADLINE_METRICS.dimensions)],
          Metrics: [
            { Name: DEADLINE_METRICS.overdue, Unit: 'Count' },
            { Name: DEADLINE_METRICS.dueSoon, Unit: 'Count' },
          ],
        },
      ],
    },
    ...DEADLINE_METRICS.dimensions,
    [DEADLINE_METRICS.overdue]: counts.overdue,
    [DEADLINE_METRICS.dueSoon]: counts.dueSoon,
  };
}
