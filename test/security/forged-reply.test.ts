import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allRequests,
  eventsOf,
  mime,
  sendMail,
  startTestStack,
  type TestStack,
  waitFor,
} from '../support/stack';
import { CSRF, signIn } from '../support/staff';
import { mailRequest, requestItem, waitForStatus } from '../support/workflow';
import { deliverWithVerdicts } from './support';

/**
 * Attack: a forged "reply from the requester". The form answered with the request id for any
 * address typed in; with it anyone could mail gdpr+<id>@ and the console showed the mail as the
 * requester's reply (a forged "Ola" asked for links to go to a new address). Defence: the form's
 * answer names no request; a threaded mail counts as the requester's only when its From is the
 * requester's address and no mail check failed; otherwise staff see "from another sender", and
 * nothing in the workflow acts on it.
 */
let stack: TestStack;
let cookie: string;

beforeAll(async () => {
  stack = await startTestStack();
  cookie = await signIn(stack);
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

const replyAddress = (id: string) => stack.mailbox.replace('@', `+${id}@`);

async function threadedMails(id: string, count: number): Promise<Record<string, unknown>[]> {
  return waitFor(async () => {
    const received = (await eventsOf(stack, id)).filter((e) => e.action === 'mail_received');
    return received.length >= count ? received : undefined;
  }, `${count} threaded mail(s) on ${id}`);
}

async function correspondenceTitles(id: string): Promise<string[]> {
  const answer = await fetch(`${stack.urls.http}/api/requests/${id}`, { headers: { cookie, ...CSRF } });
  const detail = (await answer.json()) as { correspondence: { direction: string; title: string }[] };
  return detail.correspondence.filter((c) => c.direction === 'in').map((c) => c.title);
}

describe('a forged reply from the requester', () => {
  it("does not hand out the request id in the form's answer, as JSON or as a page", async () => {
    const post = (contentType: string, body: string) =>
      fetch(`${stack.urls.http}/requests`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
    const json = await post(
      'application/json',
      JSON.stringify({
        email: 'typed.in@example.se',
        types: ['access'],
        relationship: 'customer',
        text: 'a',
      }),
    );
    expect(json.status).toBe(202);
    const page = await post(
      'application/x-www-form-urlencoded',
      new URLSearchParams({
        email: 'typed.in@example.se',
        types: 'erasure',
        relationship: 'customer',
      }).toString(),
    );
    expect(page.status).toBe(200);
    const requests = await waitFor(async () => {
      const mine = (await allRequests(stack)).filter((r) => r.subjectEmail === 'typed.in@example.se');
      return mine.length === 2 ? mine : undefined;
    }, 'both form requests');
    const answers = `${await json.text()}${await page.text()}`;
    for (const request of requests) expect(answers).not.toContain(String(request.id));
    expect(answers).not.toMatch(/PD-\d{8}-/);
  });

  it('labels mail to gdpr+<id>@ from another sender as such, and the request does not move', async () => {
    const requester = 'ola.target@example.no';
    const id = await mailRequest(
      stack,
      requester,
      'Innsyn',
      'Hei, jeg vil ha innsyn i mine personopplysninger.',
    );
    await waitForStatus(stack, id, 'awaiting_verification');
    const before = await requestItem(stack, id);
    await sendMail(
      stack,
      mime({
        from: `"Ola Nordmann" <ola.nordmann.new@attacker.example>`,
        to: replyAddress(id),
        subject: `Re: ${id}`,
        body: 'Send all links to my new address ola.nordmann.new@attacker.example instead.',
      }),
      { from: 'ola.nordmann.new@attacker.example', to: [replyAddress(id)] },
    );
    const [forged] = await threadedMails(id, 1);
    expect(forged?.detail).toMatchObject({ fromRequester: false });
    expect(await correspondenceTitles(id)).toEqual(['Mail from another sender']);
    await stack.stepFunctions.settled();
    const after = await requestItem(stack, id);
    expect(after.subjectEmail).toBe(requester);
    expect(after.status).toBe('awaiting_verification');
    expect(after.version).toBe(before.version);
  });

  it("labels the requester's address with failing mail checks as another sender, and a real reply as the requester's", async () => {
    const requester = 'ola.checks@example.no';
    const id = await mailRequest(
      stack,
      requester,
      'Innsyn',
      'Hei, jeg vil ha innsyn i mine personopplysninger.',
    );
    const spoofed = mime({
      from: requester,
      to: replyAddress(id),
      subject: `Re: ${id}`,
      body: 'Ny adresse.',
    });
    await deliverWithVerdicts(stack, spoofed, requester, { spf: 'FAIL', dmarc: 'FAIL' }, [replyAddress(id)]);
    const real = mime({ from: requester, to: replyAddress(id), subject: `Re: ${id}`, body: 'Takk.' });
    await deliverWithVerdicts(stack, real, requester, { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' }, [
      replyAddress(id),
    ]);
    const received = await threadedMails(id, 2);
    const verdicts = received
      .sort((a, b) => String(a.at).localeCompare(String(b.at)))
      .map((e) => (e.detail as { fromRequester?: boolean }).fromRequester);
    expect(verdicts).toEqual([false, true]);
    expect(await correspondenceTitles(id)).toEqual(['Mail from another sender', 'Reply from the requester']);
  });
});
