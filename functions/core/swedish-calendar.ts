/**
 * Swedish days off that move a statutory deadline (Lag 1930:173): public holidays (allmänna
 * helgdagar, Lag 1989:253) plus midsummer, Christmas and New Year's Eve. Computed from their rules,
 * not listed by date. A test checks every day of a century against the date-holidays library;
 * carrying that library (and its time-zone database) in every Lambda would cost about 1 MB.
 */

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
const DAY_MS = 86_400_000;

/** The weekday (0 = Sunday … 6 = Saturday) on or after a date. */
function firstWeekdayFrom(year: number, month: number, day: number, weekday: number): number {
  const start = utc(year, month, day);
  const offset = (weekday - new Date(start).getUTCDay() + 7) % 7;
  return start + offset * DAY_MS;
}

const cache = new Map<number, Set<number>>();

/** Every non-working holiday of a year, as UTC midnight timestamps. */
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
    midsummerDay - DAY_MS, // midsommarafton
    midsummerDay, // midsommardagen
    allSaintsDay, // alla helgons dag
    utc(year, 12, 24), // julafton
    utc(year, 12, 25), // juldagen
    utc(year, 12, 26), // annandag jul
    utc(year, 12, 31), // nyårsafton
  ]);
  if (year >= 2005) days.add(utc(year, 6, 6)); // Sveriges nationaldag, a holiday since 2005
  cache.set(year, days);
  return days;
}

/** Whether a calendar date is a Saturday, Sunday or a Swedish holiday that stops a deadline. */
export function isSwedishDayOff(year: number, month: number, day: number): boolean {
  const date = utc(year, month, day);
  const weekday = new Date(date).getUTCDay();
  return weekday === 0 || weekday === 6 || holidaysOf(year).has(date);
}
