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
}

/** Statuses whose clock runs: everything not finished, including requests staff must triage or repair. */
const WATCHED: readonly Status[] = ['triage', ...ACTIVE_STATUSES, 'failed'];

/**
 * The scheduled deadline watch (DESIGN.md §5): mails staff one digest of the requests due within
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
  if (digest.dueSoon.length === 0 && digest.overdue.length === 0) return { digest, sent: false };
  const message = renderMessage('staff_deadline_digest', 'en', {
    today: deps.today,
    dueSoon: digest.dueSoon,
    overdue: digest.overdue,
    ...(deps.consoleUrl ? { consoleUrl: deps.consoleUrl } : {}),
  });
  await deps.mailer.send({
    to: deps.staffAddress,
    ...message,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  return { digest, sent: true };
}
