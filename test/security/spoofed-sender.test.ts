import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { mime, outbox, startTestStack, type TestStack } from '../support/stack';
import {
  completeTask,
  confirm,
  requestItem,
  statesEntered,
  verificationLink,
  waitForStatus,
} from '../support/workflow';
import {
  assessedFlags,
  deliverWithVerdicts,
  mailText,
  objectKeys,
  requestOfDelivery,
  settle,
} from './support';

/**
 * Attack: a forged `From: astrid.lindqvist@example.se` (DMARC fails at SES) asks for Astrid's
 * data. Defence: the only mail that leaves goes to Astrid's own address (acknowledgement and the
 * verification link), nothing proceeds without her click, and staff review shows `dmarc_fail`.
 */
const astrid = KNOWN_SUBJECTS.astrid;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

function spoofedMail(): string {
  return mime({
    from: `"${astrid.firstName} ${astrid.lastName}" <${astrid.email}>`,
    subject: 'Registerutdrag',
    body: 'Hej, jag vill ha en kopia av alla personuppgifter ni har om mig. Skicka dem till mig snarast.',
    // The attacker wants answers elsewhere; replies must ignore it.
    headers: ['Reply-To: collector@attacker.example'],
  });
}

describe('a spoofed From with a DMARC fail asking for access', () => {
  it('mails only the real address, releases no data before verification, and keeps the verdict as evidence', async () => {
    const deliveryId = await deliverWithVerdicts(stack, spoofedMail(), 'bounce@attacker.example', {
      dmarc: 'FAIL',
      spf: 'FAIL',
    });
    const request = await requestOfDelivery(stack, deliveryId);
    const id = String(request.id);
    expect(request.subjectEmail).toBe(astrid.email);
    expect(request.verdicts).toMatchObject({ dmarc: 'FAIL', spf: 'FAIL' });

    await verificationLink(stack, astrid.email);
    await waitForStatus(stack, id, 'awaiting_verification');
    // The attacker never clicks: nothing moves on.
    await settle();
    expect((await requestItem(stack, id)).status).toBe('awaiting_verification');
    expect(statesEntered(stack, id)).toEqual([
      'Route',
      'StopMarketing',
      'MarketingOnly',
      'Acknowledge',
      'OnBehalf',
      'VerifyIdentity',
    ]);

    const mails = await outbox(stack);
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) {
      expect(mail.destination.to).toEqual([astrid.email]);
      expect(mail.replyTo.join(' ')).not.toContain('attacker');
      expect(mailText(mail)).not.toMatch(/\/download\//);
      expect(mailText(mail)).not.toContain(astrid.phone);
    }
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining(id), expect.stringContaining(id)]);
    expect(await objectKeys(stack.env.PACKAGES_BUCKET ?? '', `packages/${id}/`)).toEqual([]);
    expect(await objectKeys(stack.env.PACKAGES_BUCKET ?? '', `findings/${id}/`)).toEqual([]);
  });

  it('sends the request to staff review with the dmarc_fail flag once the real subject confirms', async () => {
    const before = (await outbox(stack)).length;
    const deliveryId = await deliverWithVerdicts(stack, spoofedMail(), 'bounce@attacker.example', {
      dmarc: 'FAIL',
    });
    const id = String((await requestOfDelivery(stack, deliveryId)).id);
    const link = await verificationLink(stack, astrid.email, 2);
    expect(link.pathname).toContain(id);
    expect((await confirm(link)).status).toBe(200);

    await waitForStatus(stack, id, 'awaiting_review');
    const flags = await assessedFlags(stack, id);
    expect(flags).toContain('dmarc_fail');
    expect(statesEntered(stack, id)).toContain('Review');
    // Still nothing but mail to Astrid, and no package, until staff decide.
    const after = (await outbox(stack)).slice(before);
    expect(after.every((m) => m.destination.to.join() === astrid.email)).toBe(true);
    expect(after.some((m) => /\/download\//.test(mailText(m)))).toBe(false);

    await completeTask(stack, id, 'review', { decision: 'reject', reason: 'unverified' });
    await waitForStatus(stack, id, 'rejected');
    expect(await objectKeys(stack.env.PACKAGES_BUCKET ?? '', `packages/${id}/`)).toEqual([]);
  });
});
