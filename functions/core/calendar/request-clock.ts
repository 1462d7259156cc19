import type { RequestStore } from '../ports';
import type { DsrRequest, Status } from '../request/request';
import { type CalendarDate, daysUntil, localDateOf } from './calendar-date';
import { dueDateAfter } from './deadlines';
import type { CompanyDaysOff } from './swedish-calendar';

/**
 * The legal clock of a request (Art. 12(3), 12(6)). It pauses only while we wait for what we need
 * to identify the person or to understand the request, which is before staff approve it; the
 * requester's reply (or staff) restarts it, and the due date moves by the whole days it stood still.
 */

/** Statuses in which a question to the requester stops the clock: identity and request not yet settled. */
export const PAUSABLE_STATUSES: readonly Status[] = ['triage', 'awaiting_verification', 'awaiting_review'];

/** A paused requester is reminded, and staff told, once the pause has lasted this long. */
export const PAUSE_REMINDER_DAYS = 14;

export function mayPauseClock(request: Pick<DsrRequest, 'status'>): boolean {
  return PAUSABLE_STATUSES.includes(request.status);
}

/** Whole days a pause has lasted by `now` (calendar days in Stockholm). */
export function daysPaused(pausedSince: string, now: Date): number {
  return Math.max(0, daysUntil(localDateOf(now), localDateOf(pausedSince)));
}

/** The clock after a pause ends at `now`: the days it stood still, and the due date they move. */
export function resumedClock(
  request: Pick<DsrRequest, 'receivedAt' | 'dueAt' | 'pausedSince' | 'pausedDays' | 'extensionMonths'>,
  now: Date,
  daysOff?: CompanyDaysOff,
): { dueAt: CalendarDate; pausedDays: number; thisPause: number } {
  const thisPause = request.pausedSince ? daysPaused(request.pausedSince, now) : 0;
  const pausedDays = (request.pausedDays ?? 0) + thisPause;
  if (thisPause === 0) return { dueAt: request.dueAt, pausedDays, thisPause };
  return {
    dueAt: dueDateAfter(
      request.receivedAt,
      { extensionMonths: request.extensionMonths, pausedDays },
      daysOff,
    ),
    pausedDays,
    thisPause,
  };
}

/**
 * The requester answered while the clock stood still: it runs again from the reply's receipt, as a
 * staff resume would. A pause that already ended is left alone.
 */
export async function resumeClockOnReply(
  request: DsrRequest,
  now: Date,
  requests: Pick<RequestStore, 'resumeClock'>,
  daysOff?: CompanyDaysOff,
): Promise<boolean> {
  if (!request.pausedSince || !requests.resumeClock) return false;
  const { dueAt, pausedDays, thisPause } = resumedClock(request, now, daysOff);
  return requests.resumeClock(
    request.id,
    { pausedSince: request.pausedSince, dueAt, pausedDays },
    {
      at: now.toISOString(),
      actor: 'subject',
      action: 'clock_resumed',
      detail: { by: 'reply', pausedDays: thisPause, previousDueAt: request.dueAt, dueAt },
    },
  );
}
