/**
 * Calendar dates (YYYY-MM-DD) in the controller's time zone, and day arithmetic on dates and
 * instants: the one place the core counts days. Working days and holidays live in deadlines.ts;
 * this module carries no holiday calendar, so the functions that only count days stay small.
 */

export const TIME_ZONE = 'Europe/Stockholm';

/** A date as YYYY-MM-DD. */
export type CalendarDate = string;

/** One day in milliseconds, for arithmetic on instants (a calendar day in Stockholm may differ). */
export const DAY_MS = 86_400_000;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const STOCKHOLM_DATE = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE });

/** The calendar date of an instant in Stockholm. */
export function localDateOf(instant: Date | string): CalendarDate {
  return STOCKHOLM_DATE.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** The parts of a real calendar date (no 31 April), or undefined. */
export function parseCalendarDate(value: string): { year: number; month: number; day: number } | undefined {
  const match = DATE_ONLY.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  const real =
    probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
  return real ? { year, month, day } : undefined;
}

export function isCalendarDate(value: string): boolean {
  return parseCalendarDate(value) !== undefined;
}

/** `YYYY-MM-DD` as is; an ISO date-time as its Stockholm calendar date; undefined when neither. */
export function toCalendarDate(value: string): CalendarDate | undefined {
  if (DATE_ONLY.test(value)) return isCalendarDate(value) ? value : undefined;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? undefined : localDateOf(instant);
}

/** As `toCalendarDate`, for values the core stored itself: anything else is a bug. */
export function requireCalendarDate(value: string): CalendarDate {
  const date = toCalendarDate(value);
  if (!date) throw new RangeError('not a calendar date or ISO instant');
  return date;
}

/** [year, month, day] of a date; throws on anything else. */
export function dateParts(date: CalendarDate): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) throw new RangeError(`not a calendar date: ${date}`);
  return [y, m, d];
}

function format(y: number, m: number, d: number): CalendarDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Same day number `months` later (or earlier), or that month's last day when it has no such day. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = dateParts(date);
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return format(year, month, Math.min(d, lastDay));
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [y, m, d] = dateParts(date);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return format(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

/** Whole days from `today` to `due` (negative when overdue). */
export function daysUntil(due: CalendarDate, today: CalendarDate): number {
  const [y1, m1, d1] = dateParts(today);
  const [y2, m2, d2] = dateParts(due);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / DAY_MS);
}

/** The instant `days` × 24 hours after `instant` (before it when negative). */
export function addDaysToInstant(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * DAY_MS);
}
