import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import {
  type CompanyDaysOff,
  easterSunday,
  isSwedishDayOff,
  NO_COMPANY_DAYS_OFF,
} from '../../functions/core/calendar/swedish-calendar';

/** The days on which `isSwedishDayOff` and the library (with the types given, plus weekends) differ. */
function disagreementsWithLibrary(types: readonly string[], daysOff: CompanyDaysOff): string[] {
  const library = new Holidays('SE');
  const disagreements: string[] = [];
  for (let year = 2005; year <= 2100; year++) {
    const libraryDaysOff = new Set(
      library
        .getHolidays(year)
        .filter((h) => types.includes(h.type))
        .map((h) => h.date.slice(0, 10)),
    );
    for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
      const date = new Date(t);
      const iso = date.toISOString().slice(0, 10);
      const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
      const expected = weekend || libraryDaysOff.has(iso);
      if (isSwedishDayOff(year, date.getUTCMonth() + 1, date.getUTCDate(), daysOff) !== expected)
        disagreements.push(iso);
    }
  }
  return disagreements;
}

describe('Swedish days off', () => {
  it("agrees with the library's public holidays (lag (1989:253) om allmänna helgdagar) and weekends on every day of 2005–2100", () => {
    expect(disagreementsWithLibrary(['public'], NO_COMPANY_DAYS_OFF)).toEqual([]);
  });

  it("adds the library's bank holidays (midsommarafton, julafton, nyårsafton) only for a company closed on them, 2005–2100", () => {
    const closedOnEves: CompanyDaysOff = { eves: ['midsommarafton', 'julafton', 'nyarsafton'] };
    expect(disagreementsWithLibrary(['public', 'bank'], closedOnEves)).toEqual([]);
  });

  it('finds Easter Sunday on hand-checked dates', () => {
    expect(easterSunday(2026)).toEqual([4, 5]);
    expect(easterSunday(2027)).toEqual([3, 28]);
    expect(easterSunday(2038)).toEqual([4, 25]);
    expect(easterSunday(2285)).toEqual([3, 22]);
  });
});
