import { describe, expect, it } from 'vitest';
import { dueDateAfter } from '../../functions/core/calendar/deadlines';
import { daysPaused, mayPauseClock, resumedClock } from '../../functions/core/calendar/request-clock';

// Received Wednesday 4 November 2026; one month ends Friday 4 December. Dates checked by hand.
const RECEIVED = '2026-11-04T09:00:00Z';

describe('the request clock', () => {
  it('a one-day pause moves the due date from Friday 4 December over the weekend to Monday 7 December', () => {
    const clock = resumedClock(
      { receivedAt: RECEIVED, dueAt: '2026-12-04', pausedSince: '2026-11-10T08:00:00Z' },
      new Date('2026-11-11T08:00:00Z'),
    );
    expect(clock).toEqual({ dueAt: '2026-12-07', pausedDays: 1, thisPause: 1 });
  });

  it('an extension after that pause counts the paused day once: Tuesday 5 January 2027, not Thursday 7 January', () => {
    // One month more from the unmoved 4 January (a Monday), plus the one paused day.
    expect(dueDateAfter(RECEIVED, { extensionMonths: 1, pausedDays: 1 })).toBe('2027-01-05');
  });

  it('a pause after an extension counts from the extended, unmoved date', () => {
    const clock = resumedClock(
      {
        receivedAt: RECEIVED,
        dueAt: '2027-01-04',
        extensionMonths: 1,
        pausedSince: '2026-11-20T08:00:00Z',
      },
      new Date('2026-11-22T08:00:00Z'),
    );
    // 4 January + 2 days = Wednesday 6 January, Epiphany (a Swedish holiday): Thursday 7 January.
    expect(clock.dueAt).toBe('2027-01-07');
  });

  it("a pause ending the period on nyårsafton keeps it (lag (1989:253)) unless the company's days off name it", () => {
    // Received 30 November: one month ends Wednesday 30 December; one paused day makes it Thursday 31 December.
    const paused = {
      receivedAt: '2026-11-30T09:00:00Z',
      dueAt: '2026-12-30',
      pausedSince: '2026-12-01T08:00:00Z',
    };
    const now = new Date('2026-12-02T08:00:00Z');
    expect(resumedClock(paused, now).dueAt).toBe('2026-12-31');
    expect(resumedClock(paused, now, { eves: ['nyarsafton'] }).dueAt).toBe('2027-01-04');
  });

  it('adds the days of every pause, each once', () => {
    const second = resumedClock(
      { receivedAt: RECEIVED, dueAt: '2026-12-07', pausedDays: 1, pausedSince: '2026-11-16T08:00:00Z' },
      new Date('2026-11-19T08:00:00Z'),
    );
    // 4 December + 4 days = Tuesday 8 December.
    expect(second).toEqual({ dueAt: '2026-12-08', pausedDays: 4, thisPause: 3 });
  });

  it('a pause and resume on the same day leaves the due date as it was', () => {
    expect(
      resumedClock(
        { receivedAt: RECEIVED, dueAt: '2026-12-04', pausedSince: '2026-11-10T08:00:00Z' },
        new Date('2026-11-10T15:00:00Z'),
      ),
    ).toEqual({ dueAt: '2026-12-04', pausedDays: 0, thisPause: 0 });
  });

  it('counts whole Stockholm days a pause has lasted (23:30 UTC is already the next day there)', () => {
    expect(daysPaused('2026-11-10T23:30:00Z', new Date('2026-11-24T09:00:00Z'))).toBe(13);
  });

  it('pauses only before staff approved the request: identity or request still unclear', () => {
    expect(mayPauseClock({ status: 'awaiting_verification' })).toBe(true);
    expect(mayPauseClock({ status: 'awaiting_review' })).toBe(true);
    expect(mayPauseClock({ status: 'triage' })).toBe(true);
    expect(mayPauseClock({ status: 'collecting' })).toBe(false);
    expect(mayPauseClock({ status: 'awaiting_action' })).toBe(false);
  });
});
