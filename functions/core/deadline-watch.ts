import { buildDeadlineDigest, type DeadlineDigest } from './deadline-digest';
import type { CalendarDate } from './deadlines';
import type { Mailer } from './ports';
import { ACTIVE_STATUSES, type DsrRequest, type Status } from './request';
import { renderMessage } from './templates';

export interface DeadlineWatchDeps {
  listByStatus(status: Status): Promise<DsrRequest[]>;
  mailer: Mailer;
  staffAddress: string;
  today: CalendarDate;
  consoleUrl?: string;
  /** Reminds a requester who has not answered the question that paused the clock (once per pause). */
  remindRequester?(requestId: string, pausedSince: string): Promise<void>;
}

/** Statuses whose clock runs: everything not finished, including requests staff must triage or repair. */
const WATCHED: readonly Status[] = ['triage', ...ACTIVE_STATUSES, 'failed'];

/**
 * The scheduled deadline watch (ARCHITECTURE.md §5): mails staff one digest of the requests due within
 * five days and those overdue. The digest holds request ids and dates only, no personal data.
 */
export async function runDeadlineWatch(
  deps: DeadlineWatchDeps,
): Promise<{ digest: DeadlineDigest; sent: boolean }> {
  const open = (await Promise.all(WATCHED.map((status) => deps.listByStatus(status)))).flat();
  const digest = buildDeadlineDigest(
    open.map((r) => ({
      id: r.id,
      status: r.status,
      dueAt: r.dueAt,
      ...(r.pausedSince ? { pausedSince: r.pausedSince } : {}),
    })),
    deps.today,
  );
  for (const entry of digest.waiting.filter((w) => w.reminded)) {
    const pausedSince = open.find((r) => r.id === entry.id)?.pausedSince;
    if (pausedSince) await deps.remindRequester?.(entry.id, pausedSince);
  }
  if (digest.dueSoon.length === 0 && digest.overdue.length === 0 && digest.waiting.length === 0)
    return { digest, sent: false };
  const message = renderMessage('staff_deadline_digest', 'en', {
    today: deps.today,
    dueSoon: digest.dueSoon,
    overdue: digest.overdue,
    waiting: digest.waiting,
    ...(deps.consoleUrl ? { consoleUrl: deps.consoleUrl } : {}),
  });
  await deps.mailer.send({
    to: deps.staffAddress,
    ...message,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return { digest, sent: true };
}
