import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProbablyMime, parseMail } from '../../functions/adapters/parse-mail';

const FIXTURES = join(import.meta.dirname, '../fixtures/mail');
const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

describe('parseMail', () => {
  it('decodes quoted-printable ISO-8859-1 text', async () => {
    const mail = await parseMail(fixture('sv-erasure-qp-latin1.eml'));
    expect(mail.text).toContain('Jag vill att ni raderar alla mina personuppgifter');
    expect(mail.text).toContain('Åkesson');
  });

  it('decodes base64 UTF-8 text and an encoded subject', async () => {
    const mail = await parseMail(fixture('nb-portability-then-erasure.eml'));
    expect(mail.subject).toBe('Eksport og sletting');
    expect(mail.text).toContain('maskinlesbar eksport');
  });

  it('turns an HTML-only mail into plain text without markup or styles', async () => {
    const mail = await parseMail(fixture('sv-html-outlook-objection.eml'));
    expect(mail.text).toContain('Jag invänder mot att ni använder mina uppgifter');
    expect(mail.text).not.toMatch(/<p|MsoNormal|margin/);
  });

  it('lists attachments by name, type and size only', async () => {
    const mail = await parseMail(fixture('en-attachment-id-erasure.eml'));
    expect(mail.attachments).toEqual([{ filename: 'id-card.png', contentType: 'image/png', size: 70 }]);
  });

  it('maps headers by lower-case name as strings, keeping each List-* header', async () => {
    const mail = await parseMail(fixture('en-newsletter-list-unsubscribe.eml'));
    expect(mail.headers['list-unsubscribe']).toBe('<https://privacyweekly.example.com/unsubscribe?id=abc>');
    expect(mail.headers['list-id']).toBe('<weekly.privacyweekly.example.com>');
    expect(mail.headers.precedence).toBe('list');
    expect(mail.headers['content-type']).toMatch(/^text\/plain; charset=us-ascii/);
    expect(mail.headers.from).toContain('news@privacyweekly.example.com');
  });

  it('reads addresses, message ids, references and the date', async () => {
    const mail = await parseMail(fixture('sv-reply-chain-quoted-access.eml'));
    expect(mail.from).toEqual({ address: 'rebecka.holm@example.se', name: 'Rebecka Holm' });
    expect(mail.to).toEqual(['gdpr@example.com']);
    expect(mail.inReplyTo).toBe('<ack-17@example.com>');
    expect(mail.references).toEqual(['<req-17@mail.example.net>', '<ack-17@example.com>']);
    expect(mail.date).toMatch(/^2025-03-04T/);
    expect(mail.messageId).toMatch(/^<fixture-\d+@mail\.example\.net>$/);
  });

  it('keeps the notification text of a bounce', async () => {
    const mail = await parseMail(fixture('en-bounce-mailer-daemon.eml'));
    expect(mail.headers['content-type']).toMatch(/^multipart\/report/);
    expect(mail.text).toContain('could not');
  });

  it('keeps the text of input that has no header block', async () => {
    const mail = await parseMail('please delete my data\n\nthanks');
    expect(mail).toMatchObject({ subject: '', text: 'please delete my data\n\nthanks', headers: {} });
  });
});

/** Mails in Chinese, Japanese and Korean charsets, with subject and body as the sender wrote them. */
const DOUBLE_BYTE = join(import.meta.dirname, '../fixtures/mail-charsets');
const doubleByteMails = Object.entries(
  JSON.parse(readFileSync(join(DOUBLE_BYTE, 'expected.json'), 'utf8')) as Record<
    string,
    { subject: string; text: string }
  >,
);

describe('parseMail in double-byte charsets', () => {
  it.each(doubleByteMails)('decodes %s', async (file, { subject, text }) => {
    const mail = await parseMail(readFileSync(join(DOUBLE_BYTE, file)));
    expect(mail.subject).toBe(subject);
    expect(mail.text).toBe(text);
  });
});

describe('isProbablyMime', () => {
  it('accepts a header block with known headers', () => {
    expect(isProbablyMime(fixture('en-access-sar.eml'))).toBe(true);
    expect(isProbablyMime('From sender@example.com Mon Mar  3 10:00:00 2025\nSubject: hi\n\nbody')).toBe(
      true,
    );
  });

  it('rejects prose, binary and empty input', () => {
    expect(isProbablyMime('Hello: this is not a mail\nreally not')).toBe(false);
    expect(isProbablyMime(Buffer.from([0, 1, 2, 255]))).toBe(false);
    expect(isProbablyMime('')).toBe(false);
  });
});

describe('isProbablyMime with a byte-order mark', () => {
  it('accepts headers after a UTF-8 byte-order mark', () => {
    const raw = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('Subject: hi\r\nFrom: a@example.com\r\n\r\nx'),
    ]);
    expect(isProbablyMime(raw)).toBe(true);
  });

  it('parses the headers after a byte-order mark', async () => {
    const raw = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('Subject: hi\r\nFrom: a@example.com\r\n\r\nx'),
    ]);
    expect((await parseMail(raw)).subject).toBe('hi');
  });
});
