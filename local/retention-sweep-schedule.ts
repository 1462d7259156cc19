/**
 * The retention sweep's two EventBridge schedules, as timers: a plan for staff daily
 * (PD_RETENTION_SWEEP_PLAN_MINUTES, default a day), and a run that plans requested sweeps and
 * carries out approved ones every few seconds (PD_RETENTION_SWEEP_RUN_SECONDS, default 5; on AWS
 * every 5 minutes). 0 turns either off. Returns the stop function.
 */
export function scheduleRetentionSweeps(
  handlers: { RetentionSweep: (event: unknown) => Promise<unknown> },
  log: (line: string) => void,
): () => Promise<void> {
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, kind: 'plan' | 'run') => {
    if (!(ms > 0)) return;
    let running = false;
    const timer = setInterval(() => {
      // One run at a time, as the function's own claim would make a second one wait anyway.
      if (running) return;
      running = true;
      handlers
        .RetentionSweep({ kind })
        .catch((error: Error) => log(`retention sweep ${kind} failed: ${error.name}`))
        .finally(() => {
          running = false;
        });
    }, ms);
    timer.unref();
    timers.push(timer);
  };
  every(Number(process.env.PD_RETENTION_SWEEP_PLAN_MINUTES ?? 24 * 60) * 60_000, 'plan');
  every(Number(process.env.PD_RETENTION_SWEEP_RUN_SECONDS ?? 5) * 1000, 'run');
  return async () => {
    for (const timer of timers) clearInterval(timer);
  };
}
