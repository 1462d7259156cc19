import { addDays, addMonths, type CalendarDate, dateParts, localDateOf } from './calendar-date';
import { type CompanyDaysOff, isSwedishDayOff, NO_COMPANY_DAYS_OFF } from './swedish-calendar';

/**
 * GDPR Art. 12(3) deadlines as calendar dates (YYYY-MM-DD) in the controller's time zone.
 * A period ending on a weekend or a Swedish public holiday moves to the next working day
 * (Reg. 1182/71 Art. 3(4)). Midsummer, Christmas and New Year's Eve are not public holidays, so
 * they move a deadline only when the company's own days off (`CompanyDaysOff`) name them.
 */

export function isWorkingDay(date: CalendarDate, daysOff: CompanyDaysOff = NO_COMPANY_DAYS_OFF): boolean {
  return !isSwedishDayOff(...dateParts(date), daysOff);
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
