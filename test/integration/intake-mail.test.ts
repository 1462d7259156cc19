import { readFileSync } from 'node:fs';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3 } from '../../functions/adapters/clients/s3';
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
  // Let running workflows reach a wait or their end before the stand-ins stop under them.
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

const fixture = (name: string) => readFileSync(`test/fixtures/mail/${name}`);
const requestsFrom = async (address: string) =>
  (await allRequests(stack)).filter((r) => r.subjectEmail === address);
const objectExists = (ref: string) => {
  const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(ref) ?? [];
  return s3()
    .send(new HeadObjectCommand({ Bucket: bucket, Key: key }))
    .then(
      () => true,
      () => false,
    );
};

/** Sends a request mail and waits for its acknowledgement; returns the request id and the ack. */
async function requestWithAck(from: string, subject: string, body: string) {
  await sendMail(stack, mime({ from, subject, body }), { from, to: [stack.mailbox] });
  const ack = await waitFor(
    async () =>
      (await outbox(stack)).find((m) => m.destination.to.includes(from) && m.subject.includes('PD-')),
    'the acknowledgement',
  );
  const [request] = await requestsFrom(from);
  return { requestId: String(request?.id), ack };
}

describe('duplicate delivery', () => {
  it('turns the same raw mail delivered twice into one request and one acknowledgement', async () => {
    const from = 'twice@example.org';
    const raw = mime({
      from,
      subject: 'Radera mina uppgifter',
      body: 'Hej, radera alla mina personuppgifter. /Kim',
    });
    await sendMail(stack, raw, { from, to: [stack.mailbox] });
    await sendMail(stack, raw, { from, to: [stack.mailbox] });
    await stack.smtp.drain();
    await waitFor(
      async () => (await outbox(stack)).some((m) => m.destination.to.includes(from)),
      'the acknowledgement',
    );
    await stack.smtp.drain();
    const requests = await requestsFrom(from);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ channel: 'email', types: ['erasure'] });
    // One acknowledgement; the verification link that follows it is a different mail.
    const acknowledgements = (await outbox(stack)).filter(
      (m) => m.destination.to.includes(from) && !/\/verify\//.test(m.body.text ?? ''),
    );
    expect(acknowledgements).toHaveLength(1);
  });
});

describe('replies to our mail', () => {
  it('attaches a reply to gdpr+<id>@ to its request as correspondence, not a new request', async () => {
    const from = 'replier-plus@example.org';
    const { requestId } = await requestWithAck(
      from,
      'Access request',
      'Please send me a copy of all personal data you hold about me.',
    );
    const reply = mime({
      from,
      to: `gdpr+${requestId.toLowerCase()}@example.com`,
      subject: `Re: Request ${requestId}`,
      body: 'Thanks! Also, my old address was on Storgatan 1.',
    });
    await sendMail(stack, reply, { from, to: [`gdpr+${requestId.toLowerCase()}@example.com`] });
    const received = await waitFor(
      async () => (await eventsOf(stack, requestId)).find((e) => e.action === 'mail_received'),
      'the reply on the request',
    );
    expect(received.detail).toMatchObject({
      via: 'reply_address',
      rawRef: expect.stringMatching(/^s3:\/\/privacy-desk-inbound\/inbound\//),
    });
    expect(JSON.stringify(received)).not.toContain('Storgatan');
    expect(await requestsFrom(from)).toHaveLength(1);
  });

  it('attaches a reply that quotes our Message-ID in In-Reply-To, and a second delivery of it only once', async () => {
    const from = 'replier-thread@example.org';
    const { requestId, ack } = await requestWithAck(
      from,
      'Radera mig',
      'Radera alla uppgifter om mig, tack.',
    );
    const ourId = `<${ack.messageId}@eu-west-1.amazonses.com>`;
    const reply = mime({
      from,
      subject: 'SV: Vi har tagit emot din begäran',
      body: 'Hej igen, jag vill också ha ett registerutdrag.',
      headers: [`In-Reply-To: ${ourId}`, `References: <first@example.org> ${ourId}`],
    });
    await sendMail(stack, reply, { from, to: [stack.mailbox] });
    await sendMail(stack, reply, { from, to: [stack.mailbox] });
    await stack.smtp.drain();
    const received = await waitFor(
      async () => (await eventsOf(stack, requestId)).filter((e) => e.action === 'mail_received'),
      'the reply on the request',
    );
    expect(received).toHaveLength(1);
    expect(received[0]?.detail).toMatchObject({ via: 'in_reply_to' });
    expect(await requestsFrom(from)).toHaveLength(1);
  });
});

describe('SES verdicts and staff alerts', () => {
  it('quarantines a mail with a virus verdict, makes a triage item and alerts staff', async () => {
    const from = 'infected@example.org';
    const raw = [
      `From: ${from}`,
      'To: gdpr@example.com',
      'Subject: Delete my data',
      'Message-ID: <virus-1@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Please delete my data, see the attached file.',
      '--b1',
      'Content-Type: application/octet-stream; name="eicar.com"',
      'Content-Transfer-Encoding: base64',
      'Content-Disposition: attachment; filename="eicar.com"',
      '',
      Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*').toString('base64'),
      '--b1--',
      '',
    ].join('\r\n');
    await sendMail(stack, raw, { from, to: [stack.mailbox] });
    const triage = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.statusReason === 'virus_detected'),
      'the virus triage item',
    );
    expect(triage).toMatchObject({ status: 'triage', verdicts: expect.objectContaining({ virus: 'FAIL' }) });
    expect(String(triage.rawRef)).toMatch(/^s3:\/\/privacy-desk-inbound\/quarantine\//);
    expect(await objectExists(String(triage.rawRef))).toBe(true);
    expect(await objectExists(String(triage.rawRef).replace('/quarantine/', '/inbound/'))).toBe(false);

    const alert = await waitFor(
      async () =>
        (await outbox(stack)).find(
          (m) =>
            m.destination.to.includes('privacy-staff@example.com') && m.subject.includes(String(triage.id)),
        ),
      'the staff alert',
    );
    expect(alert.subject).toMatch(/virus/i);
    expect(alert.body.text).not.toContain(from);
    // Nothing goes back to the sender of an infected mail.
    expect((await outbox(stack)).some((m) => m.destination.to.includes(from))).toBe(false);
  });

  it('sends a security report to the staff queue and alerts staff', async () => {
    await sendMail(stack, fixture('en-security-breach.eml'), {
      from: 'morgan.blake@example.com',
      to: [stack.mailbox],
    });
    const triage = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.statusReason === 'security_report'),
      'the security triage item',
    );
    const alert = await waitFor(
      async () =>
        (await outbox(stack)).find(
          (m) =>
            m.destination.to.includes('privacy-staff@example.com') && m.subject.includes(String(triage.id)),
        ),
      'the staff alert',
    );
    expect(alert.subject).toMatch(/security/i);
  });

  it('acknowledges a question while it waits in triage, once', async () => {
    await sendMail(stack, fixture('en-question-cv.eml'), {
      from: 'pat.green@example.com',
      to: [stack.mailbox],
    });
    const triage = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.statusReason === 'question'),
      'the question in triage',
    );
    const ack = await waitFor(
      async () => (await outbox(stack)).find((m) => m.destination.to.includes('pat.green@example.com')),
      'the triage acknowledgement',
    );
    expect(ack.subject).toContain(String(triage.id));
    expect(stack.stepFunctions.listExecutions().some((e) => e.name === triage.id)).toBe(false);
  });

  it('never acknowledges an out-of-office reply', async () => {
    await sendMail(stack, fixture('en-out-of-office.eml'), { from: 'ooo@example.org', to: [stack.mailbox] });
    await stack.smtp.drain();
    const sender = /^From:.*<([^>]+)>/m.exec(fixture('en-out-of-office.eml').toString())?.[1] ?? '';
    expect((await outbox(stack)).some((m) => m.destination.to.includes(sender))).toBe(false);
    expect(await requestsFrom(sender)).toHaveLength(0);
  });
});
