import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueDateFor } from '../../functions/core/calendar/deadlines';
import { newRequestId } from '../../functions/core/request/request-id';
import {
  allRequests,
  eventsOf,
  mime,
  sendMail,
  startTestStack,
  type TestStack,
  waitFor,
} from '../support/stack';
import { seedRequest, signIn } from '../support/staff';
import {
  completeTask,
  confirm,
  mailRequest,
  mailsTo,
  requestItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

/**
 * A new request sent as a reply: our mails invite replies, so a reply to a closed case that asks
 * for something is a new request, and any other reply is put in front of staff.
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

const staffGet = async (path: string) =>
  (await (await fetch(`${stack.urls.http}${path}`, { headers: { cookie } })).json()) as Record<
    string,
    unknown
  >;

async function cli(...args: string[]) {
  const env = { ...process.env, PRIVACY_DESK_TOKEN: '', PRIVACY_DESK_API: '' };
  return promisify(execFile)(
    process.execPath,
    ['bin/privacy-desk.mjs', 'requests', ...args, '--api', stack.urls.http],
    { env },
  );
}

type Queue = { requests: { id: string; status: string; attention: string[] }[] };

describe('a new request sent as a reply', () => {
  it('opens a new erasure request, linked to Astrid’s completed access request, with its own acknowledgement and deadline', async () => {
    const astrid = 'astrid.lindqvist@example.se';
    const accessId = await mailRequest(
      stack,
      astrid,
      'Registerutdrag',
      'Hej, jag vill ha en kopia av mina personuppgifter.',
    );
    await confirm(await verificationLink(stack, astrid));
    await completeTask(stack, accessId, 'review', { decision: 'approve' });
    await completeTask(stack, accessId, 'manual:file-share', { outcome: 'nothing_found' });
    await waitForStatus(stack, accessId, 'completed');
    const completion = await waitFor(
      async () => (await mailsTo(stack, astrid)).find((m) => /\/download\//.test(m.body.text ?? '')),
      'the completion mail with the package link',
    );

    const ourId = `<${completion.messageId}@eu-west-1.amazonses.com>`;
    const quoted = (completion.body.text ?? '').replace(/^/gm, '> ');
    await sendMail(
      stack,
      mime({
        from: astrid,
        subject: `SV: ${completion.subject}`,
        body: `Tack! Nu vill jag att ni raderar alla mina personuppgifter.\r\n\r\nDen 1 dec. 2026 skrev Privacy Desk <gdpr@example.com>:\r\n${quoted}`,
        headers: [`In-Reply-To: ${ourId}`, `References: ${ourId}`],
      }),
      { from: astrid, to: [stack.mailbox] },
    );

    const erasure = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.relatedTo === accessId),
      'the new request linked to the completed one',
    );
    expect(erasure).toMatchObject({ types: ['erasure'], subjectEmail: astrid, channel: 'email' });
    expect(String(erasure.receivedAt) > String((await requestItem(stack, accessId)).receivedAt)).toBe(true);
    expect(erasure.dueAt).toBe(dueDateFor(String(erasure.receivedAt)));
    // Its own acknowledgement, naming the new request.
    await waitFor(
      async () => (await mailsTo(stack, astrid)).find((m) => m.subject.includes(String(erasure.id))),
      'the acknowledgement of the new request',
    );
    // The old case's trail names the new one; the old case stays closed and keeps its types.
    const link = (await eventsOf(stack, accessId)).find((e) => e.action === 'related_request_opened');
    expect(link?.detail).toMatchObject({ requestId: erasure.id, types: ['erasure'] });
    expect(await requestItem(stack, accessId)).toMatchObject({ status: 'completed', types: ['access'] });
    const queue = (await staffGet('/api/requests')) as Queue;
    expect(queue.requests.some((r) => r.id === erasure.id)).toBe(true);
  });

  it('puts a reply to an open case that asks for more in front of staff, without changing its types', async () => {
    const from = 'nils.ek@example.org';
    const id = await mailRequest(stack, from, 'Registerutdrag', 'Jag vill ha ett registerutdrag.');
    // The acknowledgement names the right understood, and asks for a reply if it is not all.
    const acknowledgement = await waitFor(
      async () => (await mailsTo(stack, from)).find((m) => m.subject.includes(`${id}: Vi har tagit emot`)),
      'the acknowledgement',
    );
    expect(acknowledgement.body.text).toContain('din begäran om registerutdrag');
    expect(acknowledgement.body.text).toContain('eller om du vill något mer, svara på det här mejlet');
    const reply = `gdpr+${id.toLowerCase()}@example.com`;
    await sendMail(
      stack,
      mime({ from, to: reply, subject: `Re: Ärende ${id}`, body: 'Radera också alla mina uppgifter, tack.' }),
      { from, to: [reply] },
    );
    const queue = await waitFor(async () => {
      const q = (await staffGet('/api/requests')) as Queue;
      return q.requests.find((r) => r.id === id && r.attention.length > 0) ? q : undefined;
    }, 'the reply in the queue');
    expect(queue.requests.find((r) => r.id === id)?.attention).toEqual([
      'the requester asked for more: erasure',
    ]);
    expect(await requestItem(stack, id)).toMatchObject({ types: ['access'] });
    expect((await allRequests(stack)).filter((r) => r.subjectEmail === from)).toHaveLength(1);
    const { stdout } = await cli('show', id);
    expect(stdout).toContain('the requester asked for more: erasure');

    // Staff open what the reply asked as a request of its own, following the first.
    const attentionId = /\(reply (\w+)\)/.exec(stdout)?.[1] ?? '';
    const opened = await cli('open-related', id, '--attention', attentionId);
    const newId = /opened (PD-\d{8}-\w{6})/.exec(opened.stdout)?.[1];
    const erasure = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.id === newId),
      'the request opened from the reply',
    );
    expect(erasure).toMatchObject({ relatedTo: id, types: ['erasure'], subjectEmail: from });
    expect(erasure.dueAt).toBe(dueDateFor(String(erasure.receivedAt)));
    await waitFor(
      async () => (await mailsTo(stack, from)).find((m) => m.subject.includes(String(newId))),
      'the acknowledgement of the opened request',
    );
    const after = (await staffGet('/api/requests')) as Queue;
    expect(after.requests.find((r) => r.id === id)?.attention).toEqual([]);
    expect(await requestItem(stack, id)).toMatchObject({ types: ['access'] });
  });

  it('puts a thank-you with a question on a closed case in the queue until staff mark it answered', async () => {
    const from = 'sara.holm@example.org';
    const closed = await seedRequest(stack, {
      id: newRequestId(new Date()),
      status: 'completed',
      statusReason: 'fulfilled',
      subjectEmail: from,
    });
    const reply = `gdpr+${closed.id.toLowerCase()}@example.com`;
    await sendMail(
      stack,
      mime({
        from,
        to: reply,
        subject: `SV: Ärende ${closed.id}`,
        body: 'Tack så mycket! Hur länge finns länken kvar?',
      }),
      { from, to: [reply] },
    );
    const item = await waitFor(async () => {
      const q = (await staffGet('/api/requests')) as Queue;
      return q.requests.find((r) => r.id === closed.id);
    }, 'the closed case in the queue');
    expect(item).toMatchObject({
      status: 'completed',
      attention: ['the requester replied: read and answer'],
    });
    expect((await allRequests(stack)).filter((r) => r.subjectEmail === from)).toHaveLength(1);
    const detail = await staffGet(`/api/requests/${closed.id}`);
    expect(detail.actions).toContain('resolve-attention');

    const { stdout } = await cli('handled', closed.id);
    expect(stdout).toContain(`${closed.id}: handled done`);
    const after = (await staffGet('/api/requests')) as Queue;
    expect(after.requests.some((r) => r.id === closed.id)).toBe(false);
    expect(
      (await eventsOf(stack, closed.id)).some(
        (e) => e.action === 'attention_resolved' && e.actor === 'staff:privacy.officer',
      ),
    ).toBe(true);
  });
});
