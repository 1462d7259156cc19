import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueDateFor } from '../../functions/core/calendar/deadlines';
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
import { mailsTo } from '../support/workflow';

/**
 * Never ignore a mail that carries a request signal; list everything else for staff, with the
 * reason, and let staff turn any of it into a request with one action.
 */
let stack: TestStack;
let cookie = '';

beforeAll(async () => {
  stack = await startTestStack();
  cookie = await signIn(stack);
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

const fixture = (name: string) => readFileSync(`test/fixtures/mail/${name}`);
const requestFrom = async (address: string) =>
  (await allRequests(stack)).find((r) => r.subjectEmail === address);

type Listed = {
  mailId: string;
  reason: string;
  sender: string;
  subject: string;
  types: string[];
  takenInAs?: string;
};
async function notARequest(): Promise<Listed[]> {
  const response = await fetch(`${stack.urls.http}/api/not-a-request`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { mails: Listed[] }).mails;
}

async function cli(...args: string[]) {
  const env = { ...process.env, PRIVACY_DESK_TOKEN: '', PRIVACY_DESK_API: '' };
  return promisify(execFile)(
    process.execPath,
    ['bin/privacy-desk.mjs', 'requests', ...args, '--api', stack.urls.http],
    { env },
  );
}

describe('never ignore a mail that carries a request signal', () => {
  it('makes a request of "no longer wish to receive your newsletter, please erase all my data", which reads like marketing', async () => {
    const from = 'former.customer@example.org';
    await sendMail(
      stack,
      mime({
        from,
        subject: 'Your newsletter',
        body: 'I no longer wish to receive your newsletter. Please erase all personal data your company holds about me, including what your team noted during our 30-minute phone call last spring.',
      }),
      { from, to: [stack.mailbox] },
    );
    const request = await waitFor(() => requestFrom(from), 'the request');
    expect(request.types).toEqual(expect.arrayContaining(['erasure', 'objection']));
    expect(request.status).not.toBe('triage');
    const received = (await eventsOf(stack, String(request.id))).find((e) => e.action === 'request_received');
    expect(received?.detail).toMatchObject({ category: 'request', classifiedAs: 'marketing' });
    await waitFor(
      async () => (await mailsTo(stack, from)).find((m) => m.subject.includes(String(request.id))),
      'the acknowledgement',
    );
  });

  it('makes a request of a mail whose subject starts with "Out of office?"', async () => {
    const from = 'back.again@example.org';
    await sendMail(
      stack,
      mime({
        from,
        subject: 'Out of office? I still want my data deleted',
        body: 'Hello, I only got an automatic reply from you last week. Please delete all personal data you hold about me.',
      }),
      { from, to: [stack.mailbox] },
    );
    const request = await waitFor(() => requestFrom(from), 'the request');
    expect(request).toMatchObject({ types: ['erasure'] });
    expect((await notARequest()).some((m) => m.subject.startsWith('Out of office?'))).toBe(false);
  });

  it('lists a newsletter, an auto-reply and a bounce for staff with the reason, and no request', async () => {
    await sendMail(stack, fixture('en-newsletter-list-unsubscribe.eml'), {
      from: 'news@privacyweekly.example.com',
      to: [stack.mailbox],
    });
    await sendMail(stack, fixture('en-out-of-office.eml'), { from: 'ooo@example.org', to: [stack.mailbox] });
    await sendMail(stack, fixture('en-bounce-mailer-daemon.eml'), {
      from: 'MAILER-DAEMON@mx.example.com',
      to: [stack.mailbox],
    });
    const listed = await waitFor(async () => {
      const mails = await notARequest();
      return mails.length >= 3 ? mails : undefined;
    }, 'the three mails in the list');
    const reasonOf = (subject: string) => listed.find((m) => m.subject.includes(subject))?.reason;
    expect(reasonOf('record fines')).toBe('marketing');
    expect(reasonOf('Undelivered Mail')).toBe('automated');
    expect(listed.map((m) => m.reason).filter((r) => r === 'automated')).toHaveLength(2);
    // Masked, as in the queue.
    expect(listed.find((m) => m.subject.includes('record fines'))?.sender).toBe(
      'n***@privacyweekly.example.com',
    );
    expect(await requestFrom('news@privacyweekly.example.com')).toBeUndefined();

    const { stdout } = await cli('list', '--ignored');
    const line = stdout.split('\n').find((l) => l.includes('record fines'));
    expect(line).toContain('marketing');
    expect(line).toContain(listed.find((m) => m.reason === 'marketing')?.mailId);
  });

  it('lets staff turn a listed mail into a request with one action, audited, with the deadline from its receipt', async () => {
    const from = 'list.member@example.org';
    await sendMail(
      stack,
      mime({
        from,
        subject: 'Re: Monthly update',
        body: 'Take me off this.',
        headers: ['List-Id: <monthly.example.org>', 'Precedence: list'],
      }),
      { from, to: [stack.mailbox] },
    );
    const mail = await waitFor(
      async () => (await notARequest()).find((m) => m.subject === 'Re: Monthly update'),
      'the listed mail',
    );
    expect(await requestFrom(from)).toBeUndefined();

    const { stdout } = await cli('take-in', mail.mailId, '--types', 'objection');
    const requestId = /taken in as (PD-\d{8}-\w{6})/.exec(stdout)?.[1];
    expect(requestId).toBeDefined();
    const request = await waitFor(() => requestFrom(from), 'the request taken in');
    expect(request).toMatchObject({ id: requestId, types: ['objection'], channel: 'email' });
    expect(request.dueAt).toBe(dueDateFor(String(request.receivedAt)));
    const received = (await eventsOf(stack, String(requestId))).find((e) => e.action === 'request_received');
    expect(received).toMatchObject({
      actor: 'staff:privacy.officer',
      detail: expect.objectContaining({ takenInFrom: 'not_a_request', ignoredAs: 'marketing' }),
    });
    await waitFor(
      async () => (await mailsTo(stack, from)).find((m) => m.subject.includes(String(requestId))),
      'the acknowledgement of the request taken in',
    );
    expect((await notARequest()).find((m) => m.mailId === mail.mailId)?.takenInAs).toBe(requestId);

    // One mail, one request: a second click is refused.
    const again = await fetch(`${stack.urls.http}/api/not-a-request/${mail.mailId}/take-in`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', ...CSRF },
      body: JSON.stringify({ types: ['objection'] }),
    });
    expect(again.status).toBe(409);
    expect((await allRequests(stack)).filter((r) => r.subjectEmail === from)).toHaveLength(1);
  });
});
