import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTO_REPLY_LIMITS } from '../../functions/core/intake/auto-reply-limits';
import { handler as deadlineWatch } from '../../functions/deadline-watch';
import { lambdaContext, runAsFunction } from '../../local/lambda-runtime';
import {
  allRequests,
  eventsOf,
  mime,
  outbox,
  sendMail,
  startTestStack,
  type TestStack,
  waitFor,
} from '../support/stack';
import { deliverWithVerdicts, settle } from './support';

/**
 * Attack: backscatter and alert floods. Eight forged question mails gave eight acknowledgements
 * to the forged address; eight fake breach reports gave eight staff alerts. Defence: at most two
 * acknowledgements per recipient and day, none where SPF or DMARC failed, and one staff alert per
 * kind and hour: the rest are folded (each in the triage queue, with an audit event) and the next
 * staff digest lists them by request id, so a real report in a flood of fakes is still seen.
 */
let stack: TestStack;
const STAFF = 'privacy-staff@example.com';

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

const question = (from: string, n: number) =>
  mime({
    from,
    subject: `Question ${n}`,
    body: `Hi there,\n\nHow long do you keep my CV after I applied for the developer role? (${n})\n\nCheers`,
  });

const breachReport = (from: string, n: number) =>
  mime({
    from,
    subject: `Possible data breach ${n}`,
    body: `Hello,\n\nI think you have a data breach: when I logged in to your candidate portal this morning I could see another candidate's test results and phone number (${n}). Please look into it urgently.`,
  });

async function triageOf(address: string, count: number): Promise<Record<string, unknown>[]> {
  return waitFor(async () => {
    const mine = (await allRequests(stack)).filter((r) => r.subjectEmail === address);
    return mine.length >= count ? mine : undefined;
  }, `${count} triage items of ${address}`);
}

const mailsTo = async (address: string) =>
  (await outbox(stack)).filter((m) => m.destination.to.includes(address));

describe('backscatter and alert floods', () => {
  it('sends one address at most two acknowledgements a day, however many questions arrive in its name', async () => {
    const forged = 'backscatter.victim@example.org';
    for (let n = 0; n < 8; n++)
      await sendMail(stack, question(forged, n), { from: forged, to: [stack.mailbox] });
    const items = await triageOf(forged, 8);
    expect(new Set(items.map((r) => r.statusReason))).toEqual(new Set(['question']));
    await stack.smtp.drain();
    await settle(500);
    expect(await mailsTo(forged)).toHaveLength(AUTO_REPLY_LIMITS.acknowledgementsPerRecipient);
  });

  it('sends no acknowledgement to a question whose SPF or DMARC verdict failed', async () => {
    for (const [address, verdicts] of [
      ['spf.failed@example.org', { spf: 'FAIL' }],
      ['dmarc.failed@example.org', { spf: 'PASS', dmarc: 'FAIL' }],
    ] as const) {
      await deliverWithVerdicts(stack, question(address, 0), address, verdicts);
      const [item] = await triageOf(address, 1);
      expect(item?.statusReason).toBe('question');
    }
    await settle(500);
    expect(await mailsTo('spf.failed@example.org')).toHaveLength(0);
    expect(await mailsTo('dmarc.failed@example.org')).toHaveLength(0);
  });

  it('eight fake breach reports give one alert and one digest listing the other seven; every report waits in triage', async () => {
    const before = (await mailsTo(STAFF)).length;
    for (let n = 0; n < 8; n++) {
      const from = `reporter${n}@example.org`;
      await sendMail(stack, breachReport(from, n), { from, to: [stack.mailbox] });
    }
    await stack.smtp.drain();
    const reports = await waitFor(async () => {
      const found = (await allRequests(stack)).filter((r) => r.statusReason === 'security_report');
      return found.length === 8 ? found : undefined;
    }, 'eight security reports in triage');
    const foldedIds = await waitFor(async () => {
      const folded: string[] = [];
      for (const report of reports) {
        const events = await eventsOf(stack, String(report.id));
        if (events.some((e) => e.action === 'staff_alert_folded')) folded.push(String(report.id));
      }
      return folded.length === 7 ? folded : undefined;
    }, 'seven folded alerts');
    const alertedId = reports.map((r) => String(r.id)).find((id) => !foldedIds.includes(id));
    await settle(500);
    const alerts = (await mailsTo(STAFF)).slice(before);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.subject).toContain(alertedId);

    // The morning's scheduled watch mails the digest: whichever report is the real one is named.
    const result = await runAsFunction('DeadlineWatch', () =>
      deadlineWatch({ source: 'aws.events' }, lambdaContext('DeadlineWatch')),
    );
    expect(result).toMatchObject({ foldedAlerts: 7, sent: true });
    const [digest, ...more] = (await mailsTo(STAFF)).slice(before + 1);
    expect(more).toHaveLength(0);
    const text = digest?.body.text ?? '';
    expect(text).toContain('Alerts folded since the last digest');
    expect(text).toContain('Security alert: 7 more between');
    for (const id of foldedIds) expect(text).toContain(id);
    expect(text).not.toContain(alertedId);
    expect(text).not.toMatch(/reporter\d@example\.org/);

    // Named once: the next digest does not list them again.
    const next = await runAsFunction('DeadlineWatch', () =>
      deadlineWatch({ source: 'aws.events' }, lambdaContext('DeadlineWatch')),
    );
    expect(next).toMatchObject({ dueSoon: 0, overdue: 0, foldedAlerts: 0 });
    // Each report opened a breach incident, so the next digest still lists their 72-hour clocks.
    const [nextDigest] = (await mailsTo(STAFF)).slice(before + 2);
    expect(nextDigest?.body.text).toContain('No alerts were folded.');
    expect(nextDigest?.body.text).toContain('Personal data breaches: the 72-hour clock');
  });
});
