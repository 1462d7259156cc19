import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

/**
 * Publishes counts as one embedded-metric-format record (Powertools Metrics). It writes a raw
 * stdout line, which Lambda passes through untouched even with the JSON log format, so CloudWatch
 * Logs extracts the metrics without an API call.
 */
export function publishCounts(namespace: string, service: string, counts: Record<string, number>): void {
  const metrics = new Metrics({ namespace, serviceName: service });
  for (const [name, value] of Object.entries(counts)) metrics.addMetric(name, MetricUnit.Count, value);
  metrics.publishStoredMetrics();
}
