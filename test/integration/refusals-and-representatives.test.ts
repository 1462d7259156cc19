import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEveryRequestAnswered } from '../support/invariant';
import {
  allRequests,
  eventsOf,
  mime,
  sendMail,
  startTestStack,
  type TestStack,
  waitFor,
} from '../support/stack';
import { CSRF, seedRequest, signIn, staffAction } from '../support/staff';
import {
  completeTask,
  confirm,
  executionStopped,
  mailRequest,
  mailsTo,
  statesEntered,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/**
 * Refusals on the merits state their ground and, when staff choose, staff's own explanation
 * (Art. 12(4), (5)); a refusal for lack of authorisation answers the representative who asked;
 * a request for someone whose address is not given waits for staff to name them; a form
 * submission staff must read first gets the mail the form's answer promises.
 */
let stack: TestStack;
let cookie: string;

beforeAll(async () => {
  stack = await startTestStack();
  cookie = await signIn(stack);
});

afterAll(async () => {
  await expectEveryRequestAnswered(stack, cookie);
  await stack?.dispose();
});

const eventDetail = async (id: string, action: string) =>
  (await eventsOf(stack, id)).find((e) => e.action === action)?.detail as Record<string, unknown> | undefined;

const post = (path: string, body: Record<string, unknown>) =>
  fetch(`${stack.urls.http}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, ...CSRF },
    body: JSON.stringify(body),
  });

/** Mails a request from a representative and waits until its request exists; returns it. */
async function mailFromRepresentative(from: string, subject: string, body: string) {
  const before = new Set((await allRequests(stack)).map((r) => r.id));
  await sendMail(stack, mime({ from, subject, body }), { from, to: [stack.mailbox] });
  return waitFor(
    async () =>
      (await allRequests(stack)).find(
        (r) => !before.has(r.id) && (r.senderEmail === from || r.subjectEmail === from),
      ),
    `the request from ${from}`,
  );
}

describe('refusals on the merits', () => {
  it('Art. 12(4), 12(5): a refusal as excessive needs staff’s explanation; the trail keeps it, the notice states the ground', async () => {
    const subject = 'nils.ek@example.se';
    const item = await seedRequest(stack, {
      status: 'triage',
      language: 'en',
      subjectEmail: subject,
      types: [],
    });
    const bare = await post(`/api/requests/${item.id}/reject`, { reason: 'excessive' });
    expect(bare.status).toBe(400);
    expect(await bare.json()).toMatchObject({ status: 400, errors: { detail: 'required' } });

    await staffAction(stack, cookie, item.id, 'reject', {
      reason: 'excessive',
      detail: 'Fifth identical access request since October; each was answered in full.',
    });
    const notice = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => m.subject.includes(item.id)),
      'the refusal notice',
    );
    expect(notice.body.text).toContain('excessive');
    expect(notice.body.text).toContain('Article 12(5)');
    expect(notice.body.text).toContain('Integritetsskyddsmyndigheten, IMY');
    // Not quoted: staff did not choose to; the trail keeps it as the reason shown.
    expect(notice.body.text).not.toContain('Fifth identical');
    expect(await eventDetail(item.id, 'triage_rejected')).toMatchObject({
      reason: 'excessive',
      note: 'Fifth identical access request since October; each was answered in full.',
      quoted: false,
    });
  });

  it('Art. 17(3), 12(4): an erasure plan refused under an exemption mails the ground and staff’s quoted explanation', async () => {
    const subject = 'mikko.virtanen@example.fi';
    const id = await mailRequest(
      stack,
      subject,
      'Erasure',
      'Please erase all personal data you hold about me.',
    );
    await confirm(await verificationLink(stack, subject));
    await waitForStatus(stack, id, 'awaiting_review');
    await staffAction(stack, cookie, id, 'approve');
    await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
    await taskItem(stack, id, 'erasure_plan');
    await waitForStatus(stack, id, 'awaiting_action');
    const explanation =
      'Your application is part of a recruitment that is contested before the Discrimination Ombudsman; we keep it until that case is closed.';
    await staffAction(stack, cookie, id, 'reject-erasure-plan', {
      reason: 'erasure_exemption',
      detail: explanation,
      quote: true,
    });
    await waitForStatus(stack, id, 'rejected');
    expect(await executionStopped(stack, id)).toBe('SUCCEEDED');
    expect(statesEntered(stack, id)).toContain('SendQuotedErasureRejection');
    const notice = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => /decision/i.test(m.subject)),
      'the refusal notice',
    );
    expect(notice.body.text).toContain('Article 17(3)');
    expect(notice.body.text).toContain(`> ${explanation}`);
    expect(notice.body.text).toMatch(/court/);
    expect(await eventDetail(id, 'erasure_plan_rejected')).toMatchObject({
      reason: 'erasure_exemption',
      note: explanation,
      quoted: true,
    });
  });
});

describe('representatives', () => {
  it('Art. 12(4): a refusal for lack of authorisation goes to the representative who asked, not to the data subject', async () => {
    const representative = 'gary.mills@example.com';
    const subject = 'lily.mills@example.com';
    // A mail the classifier is sure of, so intake acts on it alone: staff triage is not this test's path.
    const request = await mailFromRepresentative(
      representative,
      'Subject access request for my daughter',
      `Hello, I am contacting you on behalf of my daughter. Please send me a copy of all personal data you hold about her; her address is ${subject}.`,
    );
    const id = String(request.id);
    expect(request).toMatchObject({ subjectEmail: subject, senderEmail: representative, onBehalf: true });
    expect(request.status).not.toBe('triage');
    await confirm(await verificationLink(stack, subject));
    await waitForStatus(stack, id, 'awaiting_review');
    await taskItem(stack, id, 'review');
    await staffAction(stack, cookie, id, 'reject', { reason: 'third_party_unauthorised' });
    await waitForStatus(stack, id, 'rejected');
    await executionStopped(stack, id);
    const notice = await waitFor(
      async () => (await mailsTo(stack, representative)).find((m) => /decision/i.test(m.subject)),
      'the refusal to the representative',
    );
    expect(notice.body.text).toMatch(/power of attorney/);
    expect((await mailsTo(stack, subject)).some((m) => /decision/i.test(m.subject))).toBe(false);
  });

  it('Art. 12(2), 12(6): a request on behalf of someone whose address is not given is held until staff name them', async () => {
    const representative = 'per.holm@example.org';
    const subject = 'karin.holm@example.org';
    const request = await mailFromRepresentative(
      representative,
      'Erasure',
      'Hello, I am writing on behalf of my mother. Please erase all personal data you hold about her.',
    );
    const id = String(request.id);
    expect(request).toMatchObject({ status: 'triage', statusReason: 'subject_not_named', onBehalf: true });
    // Nothing runs for a person we cannot write to; the writer hears that a person will read it.
    expect(stack.stepFunctions.listExecutions().some((e) => e.name === id)).toBe(false);
    await waitFor(
      async () => (await mailsTo(stack, representative)).find((m) => m.subject.includes(id)),
      'the acknowledgement to the writer',
    );
    const detail = (await (
      await fetch(`${stack.urls.http}/api/requests/${id}`, { headers: { cookie } })
    ).json()) as { actions: string[] };
    expect(detail.actions).toContain('name-subject');
    expect(detail.actions).not.toContain('approve');
    expect((await post(`/api/requests/${id}/approve`, {})).status).toBe(409);
    expect((await post(`/api/requests/${id}/name-subject`, { email: 'not an address' })).status).toBe(400);

    await staffAction(stack, cookie, id, 'name-subject', { email: subject });
    // The subject confirms their own address; the writer is told we deal with the subject directly.
    await verificationLink(stack, subject);
    await waitFor(
      async () => (await mailsTo(stack, representative)).find((m) => /directly/i.test(m.subject)),
      'the notice to the representative',
    );
    expect(statesEntered(stack, id)).toContain('NotifyRequester');
    expect(await eventDetail(id, 'subject_named')).toEqual({ representative: true });
    const named = (await allRequests(stack)).find((r) => r.id === id);
    expect(named).toMatchObject({ subjectEmail: subject, senderEmail: representative, onBehalf: true });
    expect(JSON.stringify(await eventsOf(stack, id))).not.toContain(subject);
  });
});

describe('the web form', () => {
  it('Art. 12(1), 12(3): a submission staff must read first gets the mail the form’s answer promises', async () => {
    const email = 'form-question@example.org';
    const response = await fetch(`${stack.urls.http}/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({
        email,
        text: 'How long do you keep my CV after I applied?',
        relationship: 'other',
      }),
    });
    expect(response.status).toBe(202);
    expect(((await response.json()) as { message: string }).message).toMatch(
      /send an email with the reference/,
    );
    const request = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.subjectEmail === email),
      'the form request',
    );
    expect(request).toMatchObject({ status: 'triage', channel: 'form', form: { relationship: 'other' } });
    const ack = await waitFor(
      async () => (await mailsTo(stack, email)).find((m) => m.subject.includes(String(request.id))),
      'the acknowledgement',
    );
    expect(ack.subject).toContain('We have received your message');
  });
});
