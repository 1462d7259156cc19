import { breachClockEntries } from '../incidents/incident-clock';
import type { Incident } from '../incidents/incidents';
import { type FoldedAlertGroup, type FoldedAlertStore, groupFoldedAlerts } from '../intake/folded-alerts';
import type { Clock, Mailer } from '../ports';
import type { TemplatePacks } from '../replies/template-packs';
import { renderMessage } from '../replies/templates';
import { ACTIVE_STATUSES, type DsrRequest, type Status } from '../request/request';
import type { CalendarDate } from './calendar-date';
import { buildDeadlineDigest, type DeadlineDigest } from './deadline-digest';

export interface DeadlineWatchDeps {
  listByStatus(status: Status): Promise<DsrRequest[]>;
  mailer: Mailer;
  /** The language packs of the digest's text (`config/templates/`). */
  templates: TemplatePacks;
  /** Staff alerts intake folded during a flood: the digest names each one, then takes it off the list. */
  foldedAlerts: FoldedAlertStore;
  staffAddress: string;
  today: CalendarDate;
  clock: Clock;
  consoleUrl?: string;
  /** Open breaches: the digest lists each one whose 72-hour clock still runs. */
  listIncidents?(): Promise<Incident[]>;
  /** Reminds a requester who has not answered the question that paused the clock (once per pause). */
  remindRequester?(requestId: string, pausedSince: string): Promise<void>;
}

/** Statuses whose clock runs: everything not finished, including requests staff must triage or repair. */
const WATCHED: readonly Status[] = ['triage', ...ACTIVE_STATUSES, 'failed'];

/**
 * The scheduled deadline watch (ARCHITECTURE.md §5): mails staff one digest of the requests due within
 * five days and those overdue, and of the staff alerts folded since the last digest. The digest
 * holds request ids, kinds and dates only, no personal data.
 */
export async function runDeadlineWatch(
  deps: DeadlineWatchDeps,
): Promise<{ digest: DeadlineDigest; foldedAlerts: FoldedAlertGroup[]; sent: boolean }> {
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
  const folded = await deps.foldedAlerts.listUndigested();
  const foldedAlerts = groupFoldedAlerts(folded);
  const breaches = breachClockEntries((await deps.listIncidents?.()) ?? [], deps.clock.now());
  const nothingToSay =
    breaches.length === 0 &&
    digest.dueSoon.length === 0 &&
    digest.overdue.length === 0 &&
    digest.waiting.length === 0 &&
    foldedAlerts.length === 0;
  if (nothingToSay) return { digest, foldedAlerts, sent: false };
  const message = renderMessage(
    'staff_deadline_digest',
    'en',
    {
      today: deps.today,
      dueSoon: digest.dueSoon,
      overdue: digest.overdue,
      waiting: digest.waiting,
      foldedAlerts,
      ...(breaches.length > 0 ? { breaches } : {}),
      ...(deps.consoleUrl ? { consoleUrl: deps.consoleUrl } : {}),
    },
    deps.templates,
  );
  await deps.mailer.send({
    to: deps.staffAddress,
    ...message,
    headers: { 'Auto-Submitted': 'auto-generated' },
  });
  // Only after the mail went out: a failed send leaves them listed for the next run.
  await deps.foldedAlerts.markDigested(folded, deps.clock.now());
  return { digest, foldedAlerts, sent: true };
}
