import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FORM_LIMITS } from '../../functions/core/intake/form-intake';
import { DEFAULT_MAIL_LIMITS } from '../../functions/core/intake/intake';
import { VERIFICATION_LIMITS } from '../../functions/core/verification/verification';
import { allRequests, mime, sendMail, startTestStack, type TestStack, waitFor } from '../support/stack';
import { mailsTo, verificationLink, waitForStatus } from '../support/workflow';
import { settle } from './support';

/**
 * Attack: someone uses the form, forged mail or the new-link button to flood a victim's inbox
 * with our verification mails. Defence: per-address limits on each door; what is over the limit
 * is refused (form) or kept for staff without mailing anyone (mail).
 */
let stack: TestStack;

beforeAll(async () => {
  // The defaults under test, spelled out, so a changed default is a visible decision here.
  stack = await startTestStack({
    env: {
      FORM_LIMIT_PER_ADDRESS: String(DEFAULT_FORM_LIMITS.perAddress),
      FORM_LIMIT_PER_IP: '100',
      MAIL_LIMIT_PER_ADDRESS: String(DEFAULT_MAIL_LIMITS.perAddress),
    },
  });
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

const verificationMails = async (address: string) =>
  (await mailsTo(stack, address)).filter((m) => /\/verify\//.test(m.body.text ?? ''));

describe('flooding a victim with verification mails', () => {
  it('through the form: twenty posts naming the victim give at most three verification mails, the rest 429', async () => {
    const victim = 'form.victim@example.se';
    const statuses: number[] = [];
    for (let n = 0; n < 20; n++) {
      const response = await fetch(`${stack.urls.http}/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: victim,
          types: ['access'],
          relationship: 'customer',
          text: `request number ${n}`,
        }),
      });
      statuses.push(response.status);
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(DEFAULT_FORM_LIMITS.perAddress);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - DEFAULT_FORM_LIMITS.perAddress);
    await verificationLink(stack, victim, DEFAULT_FORM_LIMITS.perAddress);
    await stack.stepFunctions.settled();
    await settle(500);
    expect(await verificationMails(victim)).toHaveLength(DEFAULT_FORM_LIMITS.perAddress);
    // Acknowledgement and link per accepted request, nothing more.
    expect((await mailsTo(stack, victim)).length).toBeLessThanOrEqual(2 * DEFAULT_FORM_LIMITS.perAddress);
  });

  it('through forged mail: twenty mails in the victim name mail the victim for at most three, the rest wait for staff', async () => {
    const victim = 'mail.victim@example.se';
    for (let n = 0; n < 20; n++) {
      await sendMail(
        stack,
        mime({
          from: victim,
          subject: `Registerutdrag ${n}`,
          body: `Hej, jag vill ha en kopia av mina personuppgifter (${n}).`,
        }),
        { from: 'flooder@attacker.example', to: [stack.mailbox] },
      );
    }
    await stack.smtp.drain();
    const requests = await waitFor(async () => {
      const mine = (await allRequests(stack)).filter((r) => r.subjectEmail === victim);
      return mine.length === 20 ? mine : undefined;
    }, 'all twenty requests stored');
    // None is lost: the ones over the limit are kept for staff.
    const held = requests.filter((r) => r.status === 'triage');
    expect(held).toHaveLength(20 - DEFAULT_MAIL_LIMITS.perAddress);
    expect(new Set(held.map((r) => r.statusReason))).toEqual(new Set(['too_many_requests']));

    await verificationLink(stack, victim, DEFAULT_MAIL_LIMITS.perAddress);
    await stack.stepFunctions.settled();
    await settle(500);
    expect(await verificationMails(victim)).toHaveLength(DEFAULT_MAIL_LIMITS.perAddress);
    expect((await mailsTo(stack, victim)).length).toBeLessThanOrEqual(2 * DEFAULT_MAIL_LIMITS.perAddress);
  });

  it('through the new-link button: fifteen asks while a link is fresh send no mail, get the same page, then a 429', async () => {
    const victim = 'newlink.victim@example.se';
    await sendMail(
      stack,
      mime({ from: victim, subject: 'Radera mig', body: 'Hej, radera alla mina uppgifter.' }),
      {
        from: victim,
        to: [stack.mailbox],
      },
    );
    const link = await verificationLink(stack, victim);
    const id = decodeURIComponent(link.pathname.split('/')[2] ?? '');
    await waitForStatus(stack, id, 'awaiting_verification');
    const answers = new Set<string>();
    const statuses: number[] = [];
    for (let n = 0; n < 15; n++) {
      const response = await fetch(new URL(`/verify/${id}/new-link`, link), { method: 'POST' });
      statuses.push(response.status);
      if (response.status === 200) answers.add(await response.text());
    }
    // One source asks at most so often, whichever request it names.
    expect(statuses).toEqual([
      ...Array(VERIFICATION_LIMITS.attemptsPerSource).fill(200),
      ...Array(15 - VERIFICATION_LIMITS.attemptsPerSource).fill(429),
    ]);
    // The same page every time: it does not tell whether a mail went out.
    expect(answers.size).toBe(1);
    await settle(500);
    expect(await verificationMails(victim)).toHaveLength(1);
  });
});
