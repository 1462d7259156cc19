import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import {
  allRequests,
  mime,
  type OutboxMail,
  outbox,
  sendMail,
  startTestStack,
  type TestStack,
  waitFor,
} from '../support/stack';
import {
  completeTask,
  confirm,
  mailRequest,
  mailsTo,
  requestItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';
import { assessedFlags, mailText, objectKeys } from './support';

/**
 * Attacks: a look-alike domain or a new free-mail address claiming to be a known subject, and a
 * third party asking "on behalf of" one. Defences: the claimed identity is never taken from the
 * text; the sender is a new person (verification to their own address, nothing found under it),
 * or the named person is the subject and only they are mailed; staff review the mandate.
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

/** What of Astrid's records would give her away in a mail (not her name: a look-alike address holds it). */
const astridData = [astrid.email, astrid.phone, astrid.company, astrid.ip];

function revealsAstrid(mail: OutboxMail): string[] {
  const text = mailText(mail);
  return astridData.filter((item) => text.includes(item));
}

/** Drives a request from verification through an (unwise) staff approval to its end. */
async function verifyApproveAndFinish(id: string, address: string) {
  expect((await confirm(await verificationLink(stack, address))).status).toBe(200);
  await waitForStatus(stack, id, 'awaiting_review');
  await completeTask(stack, id, 'review', { decision: 'approve' });
  await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
  return waitForStatus(stack, id, 'completed');
}

describe('a look-alike or new address naming a known subject', () => {
  it('treats a look-alike domain as a new person: verified at its own address, it learns nothing about Astrid', async () => {
    const lookAlike = 'astrid.lindqvist@examp1e.se';
    const id = await mailRequest(
      stack,
      lookAlike,
      'Send me my data',
      `Hello, I am ${astrid.firstName} ${astrid.lastName}, ${astrid.email}. Please send me a copy of all my personal data.`,
    );
    const request = await requestItem(stack, id);
    expect(request.subjectEmail).toBe(lookAlike);
    expect(await mailsTo(stack, astrid.email)).toEqual([]);

    const done = await verifyApproveAndFinish(id, lookAlike);
    expect(done.statusReason).toBe('no_data_found');
    const toLookAlike = await mailsTo(stack, lookAlike);
    expect(toLookAlike.length).toBeGreaterThanOrEqual(3);
    expect(toLookAlike.flatMap(revealsAstrid)).toEqual([]);
    expect(toLookAlike.some((m) => /\/download\//.test(mailText(m)))).toBe(false);
    expect(await objectKeys(stack.env.PACKAGES_BUCKET ?? '', `packages/${id}/`)).toEqual([]);
  });

  it('treats a new free-mail address on the form as a new person, whatever name and address it claims', async () => {
    const freeMail = 'astrid.lindqvist.private@example.org';
    const posted = await fetch(`${stack.urls.http}/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: freeMail,
        name: `${astrid.firstName} ${astrid.lastName}`,
        types: ['access'],
        relationship: 'customer',
        text: `My work address is ${astrid.email} and my phone ${astrid.phone}; send everything here.`,
      }),
    });
    expect(posted.status).toBe(202);
    const id = String(
      (
        await waitFor(
          async () => (await allRequests(stack)).find((r) => r.subjectEmail === freeMail),
          'the form request',
        )
      ).id,
    );
    expect((await requestItem(stack, id)).subjectEmail).toBe(freeMail);

    const done = await verifyApproveAndFinish(id, freeMail);
    expect(done.statusReason).toBe('no_data_found');
    const toFreeMail = await mailsTo(stack, freeMail);
    // The sender's own words are not echoed back either (the phone number it typed is Astrid's).
    expect(toFreeMail.flatMap(revealsAstrid)).toEqual([]);
    expect(toFreeMail.some((m) => /\/download\//.test(mailText(m)))).toBe(false);
    expect(await mailsTo(stack, astrid.email)).toEqual([]);
  });
});

describe('a request on behalf of someone else', () => {
  it('contacts the subject directly, flags on_behalf for staff review, and sends the requester no link or data', async () => {
    const lawyer = 'advokat.berg@lawfirm.example';
    const before = (await outbox(stack)).length;
    const subjectMailsBefore = (await mailsTo(stack, astrid.email)).length;
    const known = new Set((await allRequests(stack)).map((r) => r.id));
    await mailRequestFrom(
      lawyer,
      'Begäran om registerutdrag för klient',
      `Hej, jag skriver på uppdrag av min klient ${astrid.firstName} ${astrid.lastName} (${astrid.email}) och begär ett registerutdrag med alla personuppgifter ni har om henne, fullmakt finns.`,
    );
    const request = await waitFor(
      async () => (await allRequests(stack)).find((r) => !known.has(r.id)),
      'the on-behalf request',
    );
    const id = String(request.id);
    expect(request).toMatchObject({ subjectEmail: astrid.email, senderEmail: lawyer, onBehalf: true });

    // The verification link goes to the subject's own address, never to the requester.
    const link = await verificationLink(stack, astrid.email, subjectMailsBefore + 1);
    expect(link.pathname).toContain(id);
    for (const mail of await mailsTo(stack, lawyer)) {
      expect(mailText(mail)).not.toMatch(/\/verify\/|\/download\//);
      expect(revealsAstrid(mail)).toEqual([]);
    }

    expect((await confirm(link)).status).toBe(200);
    await waitForStatus(stack, id, 'awaiting_review');
    expect(await assessedFlags(stack, id)).toEqual(
      expect.arrayContaining(['on_behalf', 'subject_differs_from_sender']),
    );
    // The requester is told, once, that we deal with the subject directly and need a power of attorney.
    const sent = (await outbox(stack)).slice(before);
    const toLawyer = sent.filter((m) => m.destination.to.includes(lawyer));
    expect(toLawyer).toHaveLength(1);
    expect(mailText(toLawyer[0] as (typeof toLawyer)[number])).toMatch(/fullmakt/i);
    expect(revealsAstrid(toLawyer[0] as (typeof toLawyer)[number])).toEqual([]);
  });

  it('never auto-approves a low-risk type (a consent withdrawal) asked on behalf of someone else', async () => {
    const parent = 'parent.holm@example.org';
    const child = 'elsa.holm@example.se';
    const known = new Set((await allRequests(stack)).map((r) => r.id));
    await mailRequestFrom(
      parent,
      'Återkallelse av samtycke',
      `Hej, jag är vårdnadshavare för Elsa (${child}). Jag återkallar härmed hennes samtycke till ert nyhetsbrev.`,
    );
    const request = await waitFor(
      async () => (await allRequests(stack)).find((r) => !known.has(r.id)),
      'the on-behalf withdrawal',
    );
    const id = String(request.id);
    expect(request.subjectEmail).toBe(child);
    expect((await confirm(await verificationLink(stack, child))).status).toBe(200);
    await waitForStatus(stack, id, 'awaiting_review');
    expect(await assessedFlags(stack, id)).toContain('on_behalf');
  });
});

/** A request mail whose subject is someone else, so the request is not found by its sender. */
async function mailRequestFrom(from: string, subject: string, body: string) {
  await sendMail(stack, mime({ from, subject, body }), { from, to: [stack.mailbox] });
}
