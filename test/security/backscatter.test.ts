import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTO_REPLY_LIMITS } from '../../functions/core/auto-reply-limits';
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
 * kind and hour: the rest are folded (each in the triage queue, with an audit event).
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

  it('folds eight breach reports within an hour into one staff alert; every report waits in triage', async () => {
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
    const folded = await waitFor(async () => {
      const events = (await Promise.all(reports.map((r) => eventsOf(stack, String(r.id))))).flat();
      const foldedEvents = events.filter((e) => e.action === 'staff_alert_folded');
      return foldedEvents.length === 7 ? foldedEvents : undefined;
    }, 'seven folded alerts');
    expect(folded).toHaveLength(7);
    await settle(500);
    expect((await mailsTo(STAFF)).length - before).toBe(1);
  });
});
