import fc from 'fast-check';

/**
 * Generated mail for the parser and classifier: well-formed messages with hostile header and body
 * values, broken MIME (bad boundaries, charsets, encodings), and plain junk bytes. Shared by the
 * fuzz test and bench/fuzz.ts.
 */
const headerText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.constantFrom(
    '=?utf-8?B?!!!?=',
    '=?x-unknown?Q?=FF=FE?=',
    '"Ola" <ola@example.no>, mallory@evil.example',
    '<>',
    'a@b@c',
    '=?utf-8?Q?=E0=A4?=',
    '\\"<\\"@x',
  ),
);

const address = fc.oneof(fc.emailAddress(), headerText);

const contentType = fc.constantFrom(
  'text/plain; charset=utf-8',
  'text/plain; charset=x-nonsense',
  'text/html; charset=iso-8859-1',
  'multipart/mixed; boundary="b1"',
  'multipart/alternative',
  'application/octet-stream',
  'message/rfc822',
);

const body = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 2000 }),
  fc.constantFrom(
    '--b1\r\nContent-Type: text/plain\r\n\r\nJag vill ha en kopia av mina uppgifter\r\n--b1',
    '--b1--\r\n--b1\r\n\r\n',
    '<html><body><p>Radera mig<script>x</script>',
    'Content-Transfer-Encoding: base64\r\n\r\n!!!!',
  ),
  fc
    .constantFrom('Jeg ønsker innsyn', 'Please delete my data', 'Registerutdrag tack')
    .map((t) => t.repeat(50)),
);

/** One raw mail: a header block (sometimes with repeated or folded headers) and a body. */
export const rawMail: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .record({
      from: fc.array(address, { minLength: 0, maxLength: 3 }),
      subject: headerText,
      messageId: headerText,
      inReplyTo: fc.option(headerText, { nil: undefined }),
      contentType,
      encoding: fc.constantFrom('7bit', 'base64', 'quoted-printable', 'x-unknown', ''),
      extra: fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,20}$/), headerText), { maxLength: 5 }),
      body,
      newline: fc.constantFrom('\r\n', '\n'),
    })
    .map((m) => {
      const headers = [
        ...m.from.map((f) => `From: ${f}`),
        'To: gdpr@example.com',
        `Subject: ${m.subject}`,
        `Message-ID: ${m.messageId}`,
        ...(m.inReplyTo !== undefined ? [`In-Reply-To: ${m.inReplyTo}`] : []),
        `Content-Type: ${m.contentType}`,
        ...(m.encoding ? [`Content-Transfer-Encoding: ${m.encoding}`] : []),
        ...m.extra.map(([name, value]) => `${name}: ${value}`),
      ];
      return Buffer.from(`${headers.join(m.newline)}${m.newline}${m.newline}${m.body}`, 'utf8');
    }),
  fc.uint8Array({ maxLength: 4000 }).map((bytes) => Buffer.from(bytes)),
);
