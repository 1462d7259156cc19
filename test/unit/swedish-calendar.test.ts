import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { easterSunday, isSwedishDayOff } from '../../functions/core/swedish-calendar';

describe('Swedish days off', () => {
  it('agrees with the date-holidays library (public and bank holidays, weekends) on every day of 2005–2100', () => {
    const library = new Holidays('SE');
    const disagreements: string[] = [];
    for (let year = 2005; year <= 2100; year++) {
      const libraryDaysOff = new Set(
        library
          .getHolidays(year)
          .filter((h) => h.type === 'public' || h.type === 'bank')
          .map((h) => h.date.slice(0, 10)),
      );
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const date = new Date(t);
        const iso = date.toISOString().slice(0, 10);
        const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
        const expected = weekend || libraryDaysOff.has(iso);
        if (isSwedishDayOff(year, date.getUTCMonth() + 1, date.getUTCDate()) !== expected)
          disagreements.push(iso);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('finds Easter Sunday on hand-checked dates', () => {
    expect(easterSunday(2026)).toEqual([4, 5]);
    expect(easterSunday(2027)).toEqual([3, 28]);
    expect(easterSunday(2038)).toEqual([4, 25]);
    expect(easterSunday(2285)).toEqual([3, 22]);
  });
});
