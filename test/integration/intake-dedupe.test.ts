import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRequests, outbox, sendMail, startTestStack, type TestStack, waitFor } from '../support/stack';

/**
 * Dedupe on what identifies a redelivery: Message-ID, sender and content together. A Message-ID
 * is whatever the sender writes in the header, so anyone can reuse one.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

function mailWithId(messageId: string, from: string, subject: string, body: string): string {
  return [
    `From: ${from}`,
    'To: gdpr@example.com',
    `Subject: ${subject}`,
    `Message-ID: <${messageId}>`,
    'Date: Wed, 25 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

const requestsFrom = async (address: string) =>
  (await allRequests(stack)).filter((r) => r.subjectEmail === address);

describe('dedupe on Message-ID, sender and content', () => {
  it('a mail from another sender reusing a Message-ID does not make a later genuine request vanish', async () => {
    const messageId = 'reused-4711@example.org';
    const other = 'mallory@example.net';
    const genuine = 'kim.berg@example.org';
    await sendMail(stack, mailWithId(messageId, other, 'Hej', 'Jag vill ha en kopia av mina uppgifter.'), {
      from: other,
      to: [stack.mailbox],
    });
    await waitFor(async () => (await requestsFrom(other)).length === 1, 'the first sender’s request');

    await sendMail(
      stack,
      mailWithId(messageId, genuine, 'Radera mina uppgifter', 'Hej, radera alla mina personuppgifter. /Kim'),
      { from: genuine, to: [stack.mailbox] },
    );
    const [request] = await waitFor(async () => {
      const found = await requestsFrom(genuine);
      return found.length > 0 ? found : undefined;
    }, 'the genuine request');
    expect(request).toMatchObject({ channel: 'email', types: ['erasure'] });
    await waitFor(
      async () =>
        (await outbox(stack)).find(
          (m) => m.destination.to.includes(genuine) && m.subject.includes(String(request?.id)),
        ),
      'the acknowledgement of the genuine request',
    );
    expect(await requestsFrom(other)).toHaveLength(1);
  });

  it('treats the same sender and Message-ID with other content as a new mail, the same mail again as a redelivery', async () => {
    const messageId = 'same-sender-42@example.org';
    const from = 'tove.lund@example.org';
    const first = mailWithId(messageId, from, 'Registerutdrag', 'Jag vill ha ett registerutdrag.');
    await sendMail(stack, first, { from, to: [stack.mailbox] });
    await sendMail(stack, first, { from, to: [stack.mailbox] });
    await stack.smtp.drain();
    await waitFor(async () => (await requestsFrom(from)).length === 1, 'the first request');

    await sendMail(
      stack,
      mailWithId(messageId, from, 'Radering', 'Radera också allt ni har om mig i nyhetsbrevet.'),
      { from, to: [stack.mailbox] },
    );
    await stack.smtp.drain();
    const requests = await waitFor(async () => {
      const found = await requestsFrom(from);
      return found.length === 2 ? found : undefined;
    }, 'the second request');
    expect(requests.map((r) => r.types).sort()).toEqual([['access'], ['erasure']]);
  });
});
