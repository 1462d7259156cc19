import { type Status, TERMINAL_STATUSES } from '../request/request';
import { addDays, type CalendarDate, daysUntil, requireCalendarDate } from './calendar-date';
import { PAUSE_REMINDER_DAYS } from './request-clock';

/**
 * What the deadline watch tells staff each day (ARCHITECTURE.md §5): requests due within five days
 * and requests already overdue. Ids, statuses and dates only: no personal data.
 */

/** Staff are warned from this many days before the due date. */
export const DUE_SOON_DAYS = 5;

export interface OpenRequest {
  id: string;
  status: Status;
  /** The due date (YYYY-MM-DD), or an ISO instant read as its Stockholm date. */
  dueAt: string;
  /** Set while the clock is paused (waiting for the subject's answer): a date or an ISO instant. */
  pausedSince?: string;
}

interface DigestEntryBase {
  id: string;
  status: Status;
  /** The due date, pushed back by the days spent paused so far. */
  dueDate: CalendarDate;
  /** True while the request waits for the subject: its remaining days are frozen. */
  paused: boolean;
}

export interface DueSoonEntry extends DigestEntryBase {
  /** 0 on the due date itself. */
  daysLeft: number;
}

export interface OverdueEntry extends DigestEntryBase {
  /** 1 on the day after the due date. */
  daysOverdue: number;
}

/** A request whose clock is paused while we wait for the requester: how long it has waited. */
export interface WaitingEntry {
  id: string;
  status: Status;
  /** Whole days since the question that paused the clock. */
  daysWaiting: number;
  /** Waited long enough that the requester is reminded (and staff should follow up). */
  reminded: boolean;
}

export interface DeadlineDigest {
  dueSoon: DueSoonEntry[];
  overdue: OverdueEntry[];
  /** Every paused request, longest waiting first: a pause never hides a request. */
  waiting: WaitingEntry[];
}

export function buildDeadlineDigest(requests: readonly OpenRequest[], today: CalendarDate): DeadlineDigest {
  const dueSoon: DueSoonEntry[] = [];
  const overdue: OverdueEntry[] = [];
  const waiting: WaitingEntry[] = [];
  for (const request of requests) {
    if (TERMINAL_STATUSES.includes(request.status)) continue;
    const paused = request.pausedSince !== undefined;
    if (request.pausedSince !== undefined) {
      const daysWaiting = Math.max(0, daysUntil(today, requireCalendarDate(request.pausedSince)));
      waiting.push({
        id: request.id,
        status: request.status,
        daysWaiting,
        reminded: daysWaiting >= PAUSE_REMINDER_DAYS,
      });
    }
    const dueDate = effectiveDueDate(request, today);
    const daysLeft = daysUntil(dueDate, today);
    const base = { id: request.id, status: request.status, dueDate, paused };
    if (daysLeft < 0) overdue.push({ ...base, daysOverdue: -daysLeft });
    else if (daysLeft <= DUE_SOON_DAYS) dueSoon.push({ ...base, daysLeft });
  }
  return {
    dueSoon: dueSoon.sort(byDueDate),
    overdue: overdue.sort(byDueDate),
    waiting: waiting.sort((a, b) => b.daysWaiting - a.daysWaiting || a.id.localeCompare(b.id)),
  };
}

/** While paused the deadline does not run, so the due date moves on by each day spent paused. */
function effectiveDueDate(request: OpenRequest, today: CalendarDate): CalendarDate {
  const due = requireCalendarDate(request.dueAt);
  if (request.pausedSince === undefined) return due;
  const daysPaused = Math.max(0, daysUntil(today, requireCalendarDate(request.pausedSince)));
  return addDays(due, daysPaused);
}

function byDueDate(a: DigestEntryBase, b: DigestEntryBase): number {
  return a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id);
}
