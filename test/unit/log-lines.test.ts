import { afterEach, describe, expect, it, vi } from 'vitest';
import { publishCounts } from '../../functions/adapters/emf-metrics';
import { withLogKeys } from '../../functions/adapters/log-keys';
import { log } from '../../functions/adapters/logger';
import { DEADLINE_METRICS, deadlineMetricCounts } from '../../functions/core/calendar/deadline-metrics';

/**
 * With Lambda's JSON log format, anything written through the runtime's console lands nested in
 * Lambda's own `message` field; the functions' log and metric lines must be flat JSON records on
 * raw stdout so CloudWatch Logs Insights and the metric filters read their fields.
 */
function captureStdout(): string[] {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe('log and metric lines', () => {
  it('writes a log call as one flat JSON line with its fields at the top level', () => {
    const lines = captureStdout();
    log.info('request stored', { requestId: 'req-1', duplicate: false });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '');
    expect(record).toMatchObject({
      level: 'INFO',
      message: 'request stored',
      requestId: 'req-1',
      duplicate: false,
    });
    expect(typeof record.timestamp).toBe('string');
  });

  it("puts each invocation's correlation keys on its own lines, also when invocations interleave", async () => {
    const lines = captureStdout();
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    await Promise.all(
      ['PD-1', 'PD-2'].map((requestId) =>
        withLogKeys({ requestId, function_name: `step-${requestId}` }, async () => {
          await tick();
          log.info('step done', { outcome: 'ok' });
        }),
      ),
    );
    log.info('outside any invocation');
    const records = lines.map((line) => JSON.parse(line));
    expect(records.map((r) => [r.requestId, r.function_name])).toEqual([
      ['PD-1', 'step-PD-1'],
      ['PD-2', 'step-PD-2'],
      [undefined, undefined],
    ]);
  });

  it('writes the deadline counts as an EMF record with the names and dimension the overdue alarm reads', () => {
    const lines = captureStdout();
    publishCounts(
      DEADLINE_METRICS.namespace,
      DEADLINE_METRICS.dimensions.service,
      deadlineMetricCounts({ overdue: 2, dueSoon: 5 }),
    );
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0] ?? '');
    const directive = record._aws.CloudWatchMetrics[0];
    expect(directive.Namespace).toBe('PrivacyDesk');
    expect(directive.Dimensions).toEqual([Object.keys(DEADLINE_METRICS.dimensions)]);
    expect(directive.Metrics.map((m: { Name: string }) => m.Name).sort()).toEqual([
      'DueSoonRequests',
      'OverdueRequests',
    ]);
    expect(record).toMatchObject({ service: 'deadline-watch', OverdueRequests: 2, DueSoonRequests: 5 });
  });
});
