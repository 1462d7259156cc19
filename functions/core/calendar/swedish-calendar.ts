/**
 * Swedish days off that move a GDPR deadline: Saturdays, Sundays and the public holidays of
 * lag (1989:253) om allmänna helgdagar (Reg. 1182/71 Art. 3(4) counts a Member State's public
 * holidays). Midsummer, Christmas and New Year's Eve are not public holidays in that law, so they
 * count as working days unless the company says it is closed on them (`CompanyDaysOff`): moving a
 * deadline past a day the law does not name would risk answering late. Computed from their rules,
 * not listed by date. A test checks every day of a century against the date-holidays library;
 * carrying that library (and its time-zone database) in every Lambda would cost about 1 MB.
 */

import { DAY_MS } from './calendar-date';

/** The eves many Swedish employers close on, though the law does not make them holidays. */
export const CLOSED_EVES = ['midsommarafton', 'julafton', 'nyarsafton'] as const;
export type ClosedEve = (typeof CLOSED_EVES)[number];

/** The company's own days off, from its configuration: named eves and single dates (YYYY-MM-DD). */
export interface CompanyDaysOff {
  readonly eves?: readonly ClosedEve[];
  readonly dates?: readonly string[];
}

/** Legal holidays only: the default, and the conservative reading. */
export const NO_COMPANY_DAYS_OFF: CompanyDaysOff = {};

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus), as [month, day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

const utc = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day);

/** The weekday (0 = Sunday … 6 = Saturday) on or after a date. */
function firstWeekdayFrom(year: number, month: number, day: number, weekday: number): number {
  const start = utc(year, month, day);
  const offset = (weekday - new Date(start).getUTCDay() + 7) % 7;
  return start + offset * DAY_MS;
}

const cache = new Map<number, Set<number>>();

/** The public holidays of a year (lag 1989:253), as UTC midnight timestamps. */
function holidaysOf(year: number): Set<number> {
  const known = cache.get(year);
  if (known) return known;
  const [easterMonth, easterDay] = easterSunday(year);
  const easter = utc(year, easterMonth, easterDay);
  const midsummerDay = firstWeekdayFrom(year, 6, 20, 6); // Saturday 20–26 June
  const allSaintsDay = firstWeekdayFrom(year, 10, 31, 6); // Saturday 31 October – 6 November
  const days = new Set([
    utc(year, 1, 1), // nyårsdagen
    utc(year, 1, 6), // trettondedag jul
    easter - 2 * DAY_MS, // långfredagen
    easter, // påskdagen
    easter + DAY_MS, // annandag påsk
    utc(year, 5, 1), // första maj
    easter + 39 * DAY_MS, // Kristi himmelsfärdsdag
    easter + 49 * DAY_MS, // pingstdagen
    midsummerDay, // midsommardagen
    allSaintsDay, // alla helgons dag
    utc(year, 12, 25), // juldagen
    utc(year, 12, 26), // annandag jul
  ]);
  if (year >= 2005) days.add(utc(year, 6, 6)); // Sveriges nationaldag, a holiday since 2005
  cache.set(year, days);
  return days;
}

function eveOf(eve: ClosedEve, year: number): number {
  switch (eve) {
    case 'midsommarafton':
      return firstWeekdayFrom(year, 6, 19, 5); // Friday 19–25 June
    case 'julafton':
      return utc(year, 12, 24);
    case 'nyarsafton':
      return utc(year, 12, 31);
  }
}

/**
 * Whether a calendar date is a Saturday, Sunday, a Swedish public holiday, or one of the
 * company's own days off.
 */
export function isSwedishDayOff(
  year: number,
  month: number,
  day: number,
  companyDaysOff: CompanyDaysOff = NO_COMPANY_DAYS_OFF,
): boolean {
  const date = utc(year, month, day);
  const weekday = new Date(date).getUTCDay();
  if (weekday === 0 || weekday === 6 || holidaysOf(year).has(date)) return true;
  if (companyDaysOff.eves?.some((eve) => eveOf(eve, year) === date)) return true;
  const iso = new Date(date).toISOString().slice(0, 10);
  return companyDaysOff.dates?.includes(iso) ?? false;
}
