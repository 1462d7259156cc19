import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMail } from '../../functions/adapters/parse-mail';
import { allRequests, mime, sendMail, startTestStack, type TestStack, waitFor } from '../support/stack';
import { CSRF, signIn } from '../support/staff';
import { confirm, verificationLink, waitForStatus } from '../support/workflow';
import { assessedFlags } from './support';

/**
 * Attack: a mail with two From addresses (RFC 5322 allows a list), the victim's and the
 * attacker's, so one of them passes for the sender. Defence: the parser keeps every From address,
 * staff see them all on the request, and the request is flagged for review.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

describe('two From addresses', () => {
  it('keeps every From address when parsing', async () => {
    const mail = await parseMail(
      mime({
        from: 'Ola <ola@example.no>, Mallory <mallory@evil.example>, OLA@example.no',
        subject: 'x',
        body: 'y',
      }),
    );
    expect(mail.from?.address).toBe('ola@example.no');
    expect(mail.otherFrom?.map((a) => a.address)).toEqual(['mallory@evil.example']);
  });

  it('shows staff both addresses and flags the request for review', async () => {
    const first = 'two.from@example.se';
    const second = 'mallory@evil.example';
    await sendMail(
      stack,
      mime({
        from: `${first}, ${second}`,
        subject: 'Registerutdrag',
        body: 'Hej, jag vill ha en kopia av mina uppgifter.',
      }),
      { from: second, to: [stack.mailbox] },
    );
    const request = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.subjectEmail === first),
      'the request',
    );
    const id = String(request.id);
    await confirm(await verificationLink(stack, first));
    await waitForStatus(stack, id, 'awaiting_review');
    expect(await assessedFlags(stack, id)).toContain('several_from_addresses');

    const cookie = await signIn(stack);
    const detail = (await (
      await fetch(`${stack.urls.http}/api/requests/${id}`, { headers: { cookie, ...CSRF } })
    ).json()) as { request: { subjectEmail: string; otherFromAddresses?: string[] } };
    expect(detail.request.subjectEmail).toBe(first);
    expect(detail.request.otherFromAddresses).toEqual([second]);
  });
});
