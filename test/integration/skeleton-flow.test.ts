import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEveryRequestAnswered } from '../support/invariant';
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

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  if (stack) await expectEveryRequestAnswered(stack);
  await stack?.dispose();
});

describe('a mail to gdpr@ on the local stack', () => {
  it('becomes a request, gets an acknowledgement with the request id and due date, and waits for verification', async () => {
    await sendMail(
      stack,
      mime({
        from: 'Astrid Lindqvist <astrid.lindqvist@example.se>',
        subject: 'Begäran om registerutdrag',
        body: 'Hej! Jag vill ha en kopia av alla personuppgifter ni har om mig. Mvh Astrid',
      }),
      { from: 'astrid.lindqvist@example.se', to: ['gdpr@example.com'] },
    );

    const ack = await waitFor(
      async () =>
        (await outbox(stack)).find(
          (m) =>
            m.destination.to.includes('astrid.lindqvist@example.se') && !/verify/.test(m.body.text ?? ''),
        ),
      'the acknowledgement in the SES outbox',
    );
    const request = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.status === 'awaiting_verification'),
      'the request to wait for verification',
    );
    expect(request).toMatchObject({ channel: 'email', types: ['access'], language: 'sv' });
    expect(ack.subject).toContain(String(request.id));
    expect(ack.body.text).toContain(String(request.id));
    expect(ack.replyTo).toEqual([`gdpr+${String(request.id)}@example.com`]);
    expect(ack.headers).toEqual(
      expect.arrayContaining([{ name: 'X-Privacy-Desk-Request', value: request.id }]),
    );

    const actions = await waitFor(async () => {
      const list = (await eventsOf(stack, String(request.id))).map((e) => e.action);
      return list.includes('verification_requested') ? list : undefined;
    }, 'the audit event of the verification request');
    expect(actions).toEqual(
      expect.arrayContaining(['request_received', 'mail_sent', 'verification_requested']),
    );
  });

  it('keeps mail that is not MIME and turns it into a triage item', async () => {
    await sendMail(stack, 'this is not a mail at all\u0000\u0001', {
      from: 'x@example.org',
      to: ['gdpr@example.com'],
    });
    const triage = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.statusReason === 'unparseable_mime'),
      'a triage item for the non-MIME mail',
    );
    expect(triage.status).toBe('triage');
    expect(String(triage.rawRef)).toMatch(/^s3:\/\/privacy-desk-inbound\/inbound\//);
  });

  it('turns an empty mail into a triage item, without replying', async () => {
    const before = (await outbox(stack)).length;
    await sendMail(stack, mime({ from: 'empty@example.org', subject: '', body: '' }), {
      from: 'empty@example.org',
      to: ['gdpr@example.com'],
    });
    const triage = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.statusReason === 'empty_message'),
      'a triage item for the empty mail',
    );
    expect(triage.status).toBe('triage');
    expect((await outbox(stack)).length).toBe(before);
  });

  it('accepts mail to another mailbox of the domain but starts nothing, and refuses other domains', async () => {
    const countBefore = (await allRequests(stack)).length;
    await sendMail(
      stack,
      mime({
        from: 'a@example.org',
        to: 'sales@example.com',
        subject: 'Delete me',
        body: 'Please delete my data',
      }),
      {
        from: 'a@example.org',
        to: ['sales@example.com'],
      },
    );
    await stack.smtp.drain();
    expect((await allRequests(stack)).length).toBe(countBefore);
    await expect(
      sendMail(stack, mime({ from: 'a@example.org', subject: 'x', body: 'y' }), {
        from: 'a@example.org',
        to: ['gdpr@elsewhere.test'],
      }),
    ).rejects.toThrow(/relay denied/);
  });
});
