import { type CompanyDaysOff, isSwedishDayOff, NO_COMPANY_DAYS_OFF } from './swedish-calendar';

/**
 * GDPR Art. 12(3) deadlines as calendar dates (YYYY-MM-DD) in the controller's time zone.
 * A period ending on a weekend or a Swedish public holiday moves to the next working day
 * (Reg. 1182/71 Art. 3(4)). Midsummer, Christmas and New Year's Eve are not public holidays, so
 * they move a deadline only when the company's own days off (`CompanyDaysOff`) name them.
 */

const TIME_ZONE = 'Europe/Stockholm';

export type CalendarDate = string;

/** The calendar date of an instant in Stockholm. */
export function localDateOf(instant: Date | string): CalendarDate {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  return new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE }).format(date);
}

function parts(date: CalendarDate): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) throw new RangeError(`not a calendar date: ${date}`);
  return [y, m, d];
}

function format(y: number, m: number, d: number): CalendarDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Same day number `months` later, or that month's last day when it has no such day. */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [y, m, d] = parts(date);
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return format(year, month, Math.min(d, lastDay));
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [y, m, d] = parts(date);
  const next = new Date(Date.UTC(y, m - 1, d + days));
  return format(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
}

export function isWorkingDay(date: CalendarDate, daysOff: CompanyDaysOff = NO_COMPANY_DAYS_OFF): boolean {
  return !isSwedishDayOff(...parts(date), daysOff);
}

export function nextWorkingDay(
  date: CalendarDate,
  daysOff: CompanyDaysOff = NO_COMPANY_DAYS_OFF,
): CalendarDate {
  let current = date;
  while (!isWorkingDay(current, daysOff)) current = addDays(current, 1);
  return current;
}

/** The due date of a request received at `receivedAt`: one month, then the next working day. */
export function dueDateFor(
  receivedAt: Date | string,
  daysOff: CompanyDaysOff = NO_COMPANY_DAYS_OFF,
): CalendarDate {
  return nextWorkingDay(addMonths(localDateOf(receivedAt), 1), daysOff);
}

/**
 * The due date counted from receipt: one month plus any extension (Art. 12(3)), plus the whole
 * days the clock stood still, and only then moved to a working day. Counting from the unmoved date
 * each time keeps a pause followed by an extension (or the reverse) from rolling over twice.
 */
export function dueDateAfter(
  receivedAt: Date | string,
  clock: { extensionMonths?: number; pausedDays?: number },
  daysOff: CompanyDaysOff = NO_COMPANY_DAYS_OFF,
): CalendarDate {
  // An extension counts from the unmoved one-month date (31 January: 28 February, then 28 April).
  const unmoved = addMonths(addMonths(localDateOf(receivedAt), 1), clock.extensionMonths ?? 0);
  return nextWorkingDay(addDays(unmoved, clock.pausedDays ?? 0), daysOff);
}

/** Whole days from `today` to `due` (negative when overdue). */
export function daysUntil(due: CalendarDate, today: CalendarDate): number {
  const [y1, m1, d1] = parts(today);
  const [y2, m2, d2] = parts(due);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}
