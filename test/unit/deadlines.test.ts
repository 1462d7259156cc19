import { describe, expect, it } from 'vitest';
import { addMonths, daysUntil, localDateOf } from '../../functions/core/calendar/calendar-date';
import {
  dueDateAfter,
  dueDateFor,
  isWorkingDay,
  nextWorkingDay,
} from '../../functions/core/calendar/deadlines';
import type { CompanyDaysOff } from '../../functions/core/calendar/swedish-calendar';

/** A company closed on the three eves, as many Swedish employers are. */
const CLOSED_ON_EVES: CompanyDaysOff = { eves: ['midsommarafton', 'julafton', 'nyarsafton'] };

// Every expected date below was checked by hand against a calendar (weekday noted in the name),
// not copied from what the code returns.

describe('addMonths', () => {
  it('keeps the day number when the next month has it', () => {
    expect(addMonths('2026-03-10', 1)).toBe('2026-04-10');
  });

  it('ends on 28 February when 31 January has no counterpart', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
  });

  it('ends on 29 February in the leap year 2028', () => {
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
  });

  it('ends on 30 September after 31 August', () => {
    expect(addMonths('2026-08-31', 1)).toBe('2026-09-30');
  });

  it('ends on 30 April after 31 March', () => {
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
  });

  it('rolls over into the next year', () => {
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });

  it('adds three months across a year end to a shorter month', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });
});

describe('localDateOf', () => {
  it('takes the Stockholm date of a late-evening UTC instant in winter (UTC+1)', () => {
    expect(localDateOf('2026-03-09T23:30:00Z')).toBe('2026-03-10');
  });

  it('takes the Stockholm date of a late-evening UTC instant in summer (UTC+2)', () => {
    expect(localDateOf('2026-05-31T22:30:00Z')).toBe('2026-06-01');
  });

  it('stays on the same date just before Stockholm midnight in summer', () => {
    expect(localDateOf('2026-05-31T21:59:00Z')).toBe('2026-05-31');
  });
});

describe('isWorkingDay', () => {
  it('treats an ordinary Wednesday as a working day (2026-12-30)', () => {
    expect(isWorkingDay('2026-12-30')).toBe(true);
  });

  it('treats Saturday and Sunday as non-working (2026-03-14, 2026-03-15)', () => {
    expect(isWorkingDay('2026-03-14')).toBe(false);
    expect(isWorkingDay('2026-03-15')).toBe(false);
  });

  it('treats Maundy Thursday as a working day (2027-03-25)', () => {
    expect(isWorkingDay('2027-03-25')).toBe(true);
  });

  it('treats Walpurgis Night as a working day (2026-04-30, Thursday)', () => {
    expect(isWorkingDay('2026-04-30')).toBe(true);
  });

  it('treats Whit Monday as a working day in Sweden (2028-06-05, Monday)', () => {
    expect(isWorkingDay('2028-06-05')).toBe(true);
  });

  it('treats Epiphany as a holiday (2026-01-06, Tuesday)', () => {
    expect(isWorkingDay('2026-01-06')).toBe(false);
  });

  it('treats 1 May as a holiday (2026-05-01, Friday)', () => {
    expect(isWorkingDay('2026-05-01')).toBe(false);
  });

  it('treats midsommarafton, julafton and nyårsafton as working days by default: lag (1989:253) om allmänna helgdagar does not name them', () => {
    expect(isWorkingDay('2026-06-19')).toBe(true);
    expect(isWorkingDay('2026-12-24')).toBe(true);
    expect(isWorkingDay('2026-12-31')).toBe(true);
  });

  it('treats the eves the company closes on as days off, and nothing else (lag (1989:253) om allmänna helgdagar)', () => {
    expect(isWorkingDay('2026-06-19', { eves: ['midsommarafton'] })).toBe(false);
    expect(isWorkingDay('2026-12-24', { eves: ['midsommarafton'] })).toBe(true);
    expect(isWorkingDay('2026-12-24', CLOSED_ON_EVES)).toBe(false);
    expect(isWorkingDay('2026-12-31', CLOSED_ON_EVES)).toBe(false);
    expect(isWorkingDay('2026-12-30', CLOSED_ON_EVES)).toBe(true);
  });

  it("treats a date in the company's own list as a day off (Wednesday 2026-12-30)", () => {
    expect(isWorkingDay('2026-12-30', { dates: ['2026-12-30'] })).toBe(false);
    expect(isWorkingDay('2026-12-29', { dates: ['2026-12-30'] })).toBe(true);
  });
});

describe('nextWorkingDay', () => {
  it('returns a working day unchanged', () => {
    expect(nextWorkingDay('2026-04-10')).toBe('2026-04-10');
  });

  it('moves Saturday 2026-03-14 to Monday 2026-03-16', () => {
    expect(nextWorkingDay('2026-03-14')).toBe('2026-03-16');
  });
});

describe('dueDateFor', () => {
  it('is the same day number one month later on a working day (Friday 2026-04-10)', () => {
    expect(dueDateFor('2026-03-10T09:00:00Z')).toBe('2026-04-10');
  });

  describe('month ends', () => {
    it('moves 31 January 2026 to Saturday 28 February, then Monday 2 March', () => {
      expect(dueDateFor('2026-01-31T10:00:00Z')).toBe('2026-03-02');
    });

    it('gives Tuesday 29 February 2028 for 31 January in the leap year', () => {
      expect(dueDateFor('2028-01-31T10:00:00Z')).toBe('2028-02-29');
    });

    it('gives Wednesday 30 September 2026 for 31 August', () => {
      expect(dueDateFor('2026-08-31T10:00:00Z')).toBe('2026-09-30');
    });

    it('moves 31 December 2026 to Sunday 31 January, then Monday 1 February 2027', () => {
      expect(dueDateFor('2026-12-31T10:00:00Z')).toBe('2027-02-01');
    });
  });

  describe('receipt counted in Stockholm time', () => {
    it('counts 23:30 UTC on 9 March as 10 March in Stockholm (due Friday 2026-04-10)', () => {
      expect(dueDateFor('2026-03-09T23:30:00Z')).toBe('2026-04-10');
    });

    it('counts 22:30 UTC on 31 May as 1 June in Stockholm (due Wednesday 2026-07-01)', () => {
      expect(dueDateFor('2026-05-31T22:30:00Z')).toBe('2026-07-01');
    });

    it('counts 21:59 UTC on 31 May as 31 May in Stockholm (due Tuesday 2026-06-30)', () => {
      expect(dueDateFor('2026-05-31T21:59:00Z')).toBe('2026-06-30');
    });

    it('accepts a Date as well as an ISO string', () => {
      expect(dueDateFor(new Date('2026-03-09T23:30:00Z'))).toBe('2026-04-10');
    });
  });

  describe('weekends', () => {
    it('moves a due date on Saturday 2026-03-14 to Monday 2026-03-16', () => {
      expect(dueDateFor('2026-02-14T10:00:00Z')).toBe('2026-03-16');
    });

    it('moves a due date on Sunday 2026-05-10 to Monday 2026-05-11', () => {
      expect(dueDateFor('2026-04-10T10:00:00Z')).toBe('2026-05-11');
    });
  });

  describe('midsummer', () => {
    it('keeps midsommarafton (Friday 2026-06-19) by default: not an allmän helgdag under lag (1989:253)', () => {
      expect(dueDateFor('2026-05-19T10:00:00Z')).toBe('2026-06-19');
    });

    it('moves midsommarafton (Friday 2026-06-19) past the weekend to Monday 2026-06-22 when the company closes on it', () => {
      expect(dueDateFor('2026-05-19T10:00:00Z', CLOSED_ON_EVES)).toBe('2026-06-22');
    });

    it('moves midsommardagen (Saturday 2026-06-20) to Monday 2026-06-22', () => {
      expect(dueDateFor('2026-05-20T10:00:00Z')).toBe('2026-06-22');
    });

    it('keeps midsommarafton 2027 (Friday 2027-06-25) by default, lag (1989:253)', () => {
      expect(dueDateFor('2027-05-25T10:00:00Z')).toBe('2027-06-25');
    });

    it('moves midsommarafton 2027 (Friday 2027-06-25) to Monday 2027-06-28 when the company closes on it', () => {
      expect(dueDateFor('2027-05-25T10:00:00Z', CLOSED_ON_EVES)).toBe('2027-06-28');
    });

    it('keeps the Thursday before Midsommarafton (2026-06-18)', () => {
      expect(dueDateFor('2026-05-18T10:00:00Z')).toBe('2026-06-18');
    });
  });

  describe('Christmas and New Year', () => {
    it('keeps julafton (Thursday 2026-12-24) by default: not an allmän helgdag under lag (1989:253)', () => {
      expect(dueDateFor('2026-11-24T10:00:00Z')).toBe('2026-12-24');
    });

    it('moves julafton (Thursday 2026-12-24) past Christmas, Boxing Day and Sunday to Monday 2026-12-28 when the company closes on it', () => {
      expect(dueDateFor('2026-11-24T10:00:00Z', CLOSED_ON_EVES)).toBe('2026-12-28');
    });

    it('moves Christmas Day (Friday 2026-12-25) to Monday 2026-12-28', () => {
      expect(dueDateFor('2026-11-25T10:00:00Z')).toBe('2026-12-28');
    });

    it('moves Boxing Day (Saturday 2026-12-26) to Monday 2026-12-28', () => {
      expect(dueDateFor('2026-11-26T10:00:00Z')).toBe('2026-12-28');
    });

    it('keeps Wednesday 2026-12-30, an ordinary working day between the holidays', () => {
      expect(dueDateFor('2026-11-30T10:00:00Z')).toBe('2026-12-30');
    });

    // No receipt date gives a one-month date of 31 December (30 November gives 30 December), so
    // nyårsafton is checked as the end of a longer period, through nextWorkingDay.
    it('keeps nyårsafton (Thursday 2026-12-31) by default: not an allmän helgdag under lag (1989:253)', () => {
      expect(nextWorkingDay('2026-12-31')).toBe('2026-12-31');
    });

    it("moves nyårsafton (Thursday 2026-12-31) past New Year's Day (Friday) to Monday 2027-01-04 when the company closes on it", () => {
      expect(nextWorkingDay('2026-12-31', CLOSED_ON_EVES)).toBe('2027-01-04');
    });

    it("moves New Year's Day (Friday 2027-01-01) to Monday 2027-01-04", () => {
      expect(dueDateFor('2026-12-01T10:00:00Z')).toBe('2027-01-04');
    });

    it("moves New Year's Day (Saturday 2028-01-01) past the weekend to Monday 2028-01-03", () => {
      expect(dueDateFor('2027-12-01T10:00:00Z')).toBe('2028-01-03');
    });

    it('moves Epiphany (Tuesday 2026-01-06) to Wednesday 2026-01-07', () => {
      expect(dueDateFor('2025-12-06T10:00:00Z')).toBe('2026-01-07');
    });
  });

  describe('Easter', () => {
    it('moves Good Friday 2026-04-03 past Easter Monday 2026-04-06 to Tuesday 2026-04-07', () => {
      expect(dueDateFor('2026-03-03T10:00:00Z')).toBe('2026-04-07');
    });

    it('moves Easter Monday 2026-04-06 to Tuesday 2026-04-07', () => {
      expect(dueDateFor('2026-03-06T10:00:00Z')).toBe('2026-04-07');
    });

    it('moves Good Friday 2027-03-26 past Easter Monday 2027-03-29 to Tuesday 2027-03-30', () => {
      expect(dueDateFor('2027-02-26T10:00:00Z')).toBe('2027-03-30');
    });

    it('moves Easter Sunday 2027-03-28 to Tuesday 2027-03-30', () => {
      expect(dueDateFor('2027-02-28T10:00:00Z')).toBe('2027-03-30');
    });

    it('keeps Maundy Thursday 2027-03-25 (a working day)', () => {
      expect(dueDateFor('2027-02-25T10:00:00Z')).toBe('2027-03-25');
    });
  });

  describe('Ascension Day', () => {
    it('moves Ascension Day (Thursday 2026-05-14) to Friday 2026-05-15', () => {
      expect(dueDateFor('2026-04-14T10:00:00Z')).toBe('2026-05-15');
    });

    it('moves Ascension Day (Thursday 2027-05-06) to Friday 2027-05-07', () => {
      expect(dueDateFor('2027-04-06T10:00:00Z')).toBe('2027-05-07');
    });
  });

  describe('National Day', () => {
    it('moves National Day on a weekday (Tuesday 2028-06-06) to Wednesday 2028-06-07', () => {
      expect(dueDateFor('2028-05-06T10:00:00Z')).toBe('2028-06-07');
    });

    it('keeps Whit Monday (2028-06-05), no longer a Swedish holiday', () => {
      expect(dueDateFor('2028-05-05T10:00:00Z')).toBe('2028-06-05');
    });
  });
});

describe('dueDateAfter with an extension', () => {
  it('extends by two further months to Wednesday 2026-06-10', () => {
    expect(dueDateAfter('2026-03-10T09:00:00Z', { extensionMonths: 2 })).toBe('2026-06-10');
  });

  it('extends by one further month and moves Sunday 2026-05-10 to Monday 2026-05-11', () => {
    expect(dueDateAfter('2026-03-10T09:00:00Z', { extensionMonths: 1 })).toBe('2026-05-11');
  });

  it('counts from the unmoved one-month date, not the working-day-moved due date (Wednesday 2027-02-24)', () => {
    // Received 24 Nov 2026 by a company closed on julafton: due date moved from Christmas Eve to
    // 28 Dec; the extension still ends on the 24th.
    expect(dueDateFor('2026-11-24T10:00:00Z', CLOSED_ON_EVES)).toBe('2026-12-28');
    expect(dueDateAfter('2026-11-24T10:00:00Z', { extensionMonths: 2 }, CLOSED_ON_EVES)).toBe('2027-02-24');
  });

  it('uses the Stockholm date of receipt (23:30 UTC on 9 March → Wednesday 2026-06-10)', () => {
    expect(dueDateAfter('2026-03-09T23:30:00Z', { extensionMonths: 2 })).toBe('2026-06-10');
  });

  it('keeps an extended due date on midsommarafton (Friday 2026-06-19) by default, lag (1989:253), and moves it to Monday 2026-06-22 when the company closes on it', () => {
    expect(dueDateAfter('2026-03-19T10:00:00Z', { extensionMonths: 2 })).toBe('2026-06-19');
    expect(dueDateAfter('2026-03-19T10:00:00Z', { extensionMonths: 2 }, CLOSED_ON_EVES)).toBe('2026-06-22');
  });

  // Known bug: deadlines.ts says an extension "counts from the unmoved one-month date", but it adds
  // 1 + extra months to the receipt date. For a receipt on 31 January the one-month date is
  // 28 February, and two further months from it end on 28 April (Tuesday); the code gives 30 April,
  // two days later than its own rule (and later than the safe reading of Art. 12(3)).
  it('extends 31 January by two months from the one-month date 28 February to Tuesday 2026-04-28', () => {
    expect(dueDateAfter('2026-01-31T10:00:00Z', { extensionMonths: 2 })).toBe('2026-04-28');
  });

  it('ends an extension from 30 November on 28 February 2027, a Sunday, so Monday 2027-03-01', () => {
    expect(dueDateAfter('2026-11-30T10:00:00Z', { extensionMonths: 2 })).toBe('2027-03-01');
  });
});

describe('daysUntil', () => {
  it('is zero on the due date', () => {
    expect(daysUntil('2026-04-10', '2026-04-10')).toBe(0);
  });

  it('counts whole days ahead', () => {
    expect(daysUntil('2026-04-10', '2026-04-05')).toBe(5);
  });

  it('is negative when overdue', () => {
    expect(daysUntil('2026-04-10', '2026-04-13')).toBe(-3);
  });

  it('counts across the spring DST change without rounding errors', () => {
    expect(daysUntil('2026-03-30', '2026-03-28')).toBe(2);
  });

  it('counts across the autumn DST change', () => {
    expect(daysUntil('2026-10-26', '2026-10-24')).toBe(2);
  });

  it('counts across a year end and a leap day', () => {
    expect(daysUntil('2027-01-04', '2026-12-28')).toBe(7);
    expect(daysUntil('2028-03-01', '2028-02-28')).toBe(2);
  });
});
