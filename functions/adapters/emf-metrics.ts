/**
 * Writes an embedded-metric-format record as one raw stdout line. Lambda passes raw stdout lines
 * through untouched even with the JSON log format, so CloudWatch Logs extracts the metrics.
 */
export function publishEmf(record: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(record)}\n`);
}
