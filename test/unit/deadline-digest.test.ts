import { describe, expect, it } from 'vitest';
import { REPLY_TEMPLATES } from '../../config/templates';
import { buildDeadlineDigest, type OpenRequest } from '../../functions/core/calendar/deadline-digest';
import { type DeadlineWatchDeps, runDeadlineWatch } from '../../functions/core/calendar/deadline-watch';
import { type FoldedAlert, groupFoldedAlerts } from '../../functions/core/intake/folded-alerts';
import type { OutgoingMail } from '../../functions/core/ports';
import { memoryFoldedAlerts } from '../support/memory-folded-alerts';

const TODAY = '2026-12-21';

function open(id: string, dueAt: string, extra: Partial<OpenRequest> = {}): OpenRequest {
  return { id, status: 'collecting', dueAt, ...extra };
}

describe('buildDeadlineDigest', () => {
  it('lists requests due today up to five days ahead as due soon', () => {
    const digest = buildDeadlineDigest(
      [open('PD-TODAY', '2026-12-21'), open('PD-FIVE', '2026-12-26'), open('PD-SIX', '2026-12-27')],
      TODAY,
    );
    expect(digest.dueSoon.map((e) => [e.id, e.daysLeft])).toEqual([
      ['PD-TODAY', 0],
      ['PD-FIVE', 5],
    ]);
    expect(digest.overdue).toEqual([]);
  });

  it('lists requests past their due date as overdue, counting days overdue', () => {
    const digest = buildDeadlineDigest(
      [open('PD-LATE', '2026-12-20'), open('PD-LATER', '2026-11-30')],
      TODAY,
    );
    expect(digest.overdue.map((e) => [e.id, e.daysOverdue])).toEqual([
      ['PD-LATER', 21],
      ['PD-LATE', 1],
    ]);
    expect(digest.dueSoon).toEqual([]);
  });

  it('sorts each list by due date, then by id', () => {
    const digest = buildDeadlineDigest(
      [
        open('PD-C', '2026-12-24'),
        open('PD-B', '2026-12-22'),
        open('PD-A', '2026-12-24'),
        open('PD-Y', '2026-12-19'),
        open('PD-X', '2026-12-10'),
      ],
      TODAY,
    );
    expect(digest.dueSoon.map((e) => e.id)).toEqual(['PD-B', 'PD-A', 'PD-C']);
    expect(digest.overdue.map((e) => e.id)).toEqual(['PD-X', 'PD-Y']);
  });

  it('carries id, status, due date and days, and nothing else', () => {
    const digest = buildDeadlineDigest([open('PD-1', '2026-12-23', { status: 'awaiting_review' })], TODAY);
    expect(digest.dueSoon).toEqual([
      { id: 'PD-1', status: 'awaiting_review', dueDate: '2026-12-23', daysLeft: 2, paused: false },
    ]);
  });

  it('ignores completed, rejected and cancelled requests', () => {
    const digest = buildDeadlineDigest(
      [
        open('PD-DONE', '2026-12-01', { status: 'completed' }),
        open('PD-NO', '2026-12-01', { status: 'rejected' }),
        open('PD-GONE', '2026-12-01', { status: 'cancelled' }),
        open('PD-FAILED', '2026-12-01', { status: 'failed' }),
      ],
      TODAY,
    );
    expect(digest.overdue.map((e) => e.id)).toEqual(['PD-FAILED']);
  });

  it('counts across a month and year end', () => {
    const digest = buildDeadlineDigest(
      [open('PD-NY', '2027-01-04'), open('PD-OLD', '2026-12-31')],
      '2027-01-01',
    );
    expect(digest.dueSoon).toMatchObject([{ id: 'PD-NY', daysLeft: 3 }]);
    expect(digest.overdue).toMatchObject([{ id: 'PD-OLD', daysOverdue: 1 }]);
  });

  it('reads an ISO instant as its Stockholm date', () => {
    // 23:30 UTC on 20 December is already 21 December in Stockholm: due today, not overdue.
    const digest = buildDeadlineDigest([open('PD-1', '2026-12-20T23:30:00Z')], TODAY);
    expect(digest.dueSoon).toMatchObject([{ id: 'PD-1', dueDate: '2026-12-21', daysLeft: 0 }]);
  });

  describe('paused requests (waiting for the subject)', () => {
    it('freezes the days left at the day the clock was paused', () => {
      // Paused on 10 December with 4 days left; those 4 days are still left today.
      const digest = buildDeadlineDigest(
        [open('PD-P', '2026-12-14', { status: 'awaiting_action', pausedSince: '2026-12-10T08:00:00Z' })],
        TODAY,
      );
      expect(digest.dueSoon).toEqual([
        { id: 'PD-P', status: 'awaiting_action', dueDate: '2026-12-25', daysLeft: 4, paused: true },
      ]);
      expect(digest.overdue).toEqual([]);
    });

    it('lists a paused request with more than five days frozen only as waiting, with how long, and marks it reminded after 14 days', () => {
      const digest = buildDeadlineDigest([open('PD-P', '2026-12-18', { pausedSince: '2026-12-01' })], TODAY);
      expect(digest.dueSoon).toEqual([]);
      expect(digest.overdue).toEqual([]);
      expect(digest.waiting).toEqual([
        // 1 to 21 December: twenty days waited, past the fourteen after which the requester is reminded.
        { id: 'PD-P', status: 'collecting', daysWaiting: 20, reminded: true },
      ]);
    });

    it('lists a pause of thirteen days as waiting, not yet reminded', () => {
      const digest = buildDeadlineDigest([open('PD-Q', '2027-01-18', { pausedSince: '2026-12-08' })], TODAY);
      expect(digest.waiting).toEqual([
        { id: 'PD-Q', status: 'collecting', daysWaiting: 13, reminded: false },
      ]);
    });

    it('still reports a request that was overdue before it was paused', () => {
      const digest = buildDeadlineDigest([open('PD-P', '2026-12-15', { pausedSince: '2026-12-18' })], TODAY);
      expect(digest.overdue).toMatchObject([
        { id: 'PD-P', dueDate: '2026-12-18', daysOverdue: 3, paused: true },
      ]);
    });

    it('treats a pause dated in the future as not yet started', () => {
      const digest = buildDeadlineDigest([open('PD-P', '2026-12-23', { pausedSince: '2026-12-22' })], TODAY);
      expect(digest.dueSoon).toMatchObject([
        { id: 'PD-P', dueDate: '2026-12-23', daysLeft: 2, paused: true },
      ]);
    });
  });

  it('returns empty lists for no requests', () => {
    expect(buildDeadlineDigest([], TODAY)).toEqual({ dueSoon: [], overdue: [], waiting: [] });
  });
});

describe('alerts folded since the last digest', () => {
  const folded = (requestId: string, alertKind: FoldedAlert['alertKind'], foldedAt: string): FoldedAlert => ({
    requestId,
    alertKind,
    foldedAt,
  });
  const flood = [
    folded('PD-20261221-SEC003', 'security', '2026-12-21T09:20:00Z'),
    folded('PD-20261221-VIR001', 'virus', '2026-12-21T09:05:00Z'),
    folded('PD-20261221-SEC001', 'security', '2026-12-21T09:01:00Z'),
    folded('PD-20261221-SEC002', 'security', '2026-12-21T09:10:00Z'),
  ];

  it('groups folded alerts per kind, breach reports first, each with its count and request ids oldest first', () => {
    expect(groupFoldedAlerts(flood)).toEqual([
      {
        alertKind: 'security',
        foldedCount: 3,
        firstFoldedAt: '2026-12-21T09:01:00Z',
        lastFoldedAt: '2026-12-21T09:20:00Z',
        requestIds: 'PD-20261221-SEC001, PD-20261221-SEC002, PD-20261221-SEC003',
      },
      {
        alertKind: 'virus',
        foldedCount: 1,
        firstFoldedAt: '2026-12-21T09:05:00Z',
        lastFoldedAt: '2026-12-21T09:05:00Z',
        requestIds: 'PD-20261221-VIR001',
      },
    ]);
  });

  function watch(foldedAlerts = memoryFoldedAlerts(), failSend = false) {
    const sent: OutgoingMail[] = [];
    const deps: DeadlineWatchDeps = {
      listByStatus: async () => [],
      templates: REPLY_TEMPLATES,
      mailer: {
        send: async (mail) => {
          if (failSend) throw new Error('SES refused the mail');
          sent.push(mail);
          return { messageId: `ses-${sent.length}` };
        },
      },
      foldedAlerts,
      staffAddress: 'privacy-staff@example.com',
      today: TODAY,
      clock: { now: () => new Date('2026-12-21T05:00:00Z') },
    };
    return { deps, sent, foldedAlerts };
  }

  it('mails the digest with a folded-alerts section even when no deadline is near, then takes them off the list', async () => {
    const { deps, sent, foldedAlerts } = watch();
    for (const alert of flood) await foldedAlerts.record(alert);

    const result = await runDeadlineWatch(deps);

    expect(result.sent).toBe(true);
    expect(sent).toHaveLength(1);
    const [mail] = sent;
    expect(mail?.subject).toBe('Privacy Desk: deadlines on 21 December 2026, and folded alerts');
    const text = mail?.text ?? '';
    expect(text).toContain('Alerts folded since the last digest');
    expect(text).toContain(
      '- Security alert: 3 more between 21 December 2026 at 10:01 (Swedish time) and 21 December 2026 at 10:20 (Swedish time), not mailed one by one – PD-20261221-SEC001, PD-20261221-SEC002, PD-20261221-SEC003',
    );
    expect(text).toContain(
      '- Virus in an incoming message: 1 more between 21 December 2026 at 10:05 (Swedish time) and 21 December 2026 at 10:05 (Swedish time), not mailed one by one – PD-20261221-VIR001',
    );
    expect(text.indexOf('Security alert')).toBeLessThan(text.indexOf('Virus in an incoming message'));
    expect(mail?.html).toContain('PD-20261221-SEC002');
    expect(await foldedAlerts.listUndigested()).toEqual([]);

    // The next digest names only what was folded since.
    const next = await runDeadlineWatch(deps);
    expect(next.sent).toBe(false);
  });

  it('says that no alerts were folded when none were', async () => {
    const { deps, sent } = watch();
    deps.listByStatus = async (status) =>
      status === 'collecting'
        ? [
            { id: 'PD-LATE', status, dueAt: '2026-12-20' } as Awaited<
              ReturnType<DeadlineWatchDeps['listByStatus']>
            >[number],
          ]
        : [];
    await runDeadlineWatch(deps);
    expect(sent[0]?.subject).toBe('Privacy Desk: deadlines on 21 December 2026');
    expect(sent[0]?.text).toContain('No alerts were folded.');
  });

  it('keeps folded alerts listed when the digest could not be sent, so the next run names them', async () => {
    const { deps, foldedAlerts } = watch(memoryFoldedAlerts(), true);
    await foldedAlerts.record(flood[0] as FoldedAlert);
    await expect(runDeadlineWatch(deps)).rejects.toThrow('SES refused the mail');
    expect(await foldedAlerts.listUndigested()).toHaveLength(1);
  });
});
