/**
 * The direct reading must give exactly what the mailparser reading gives. Every fixture, a set of
 * hand-made variants (each in CRLF and in LF), property-generated plain and multipart mail and
 * damaged fixtures go through both paths and are compared deep and as JSON; each variant also
 * says whether it must take the direct path, so the comparison is never vacuous.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseMail, parseMailWithMailparser } from '../../functions/adapters/parse-mail';
import { parseSimpleMail } from '../../functions/adapters/parse-simple-mail';

const FIXTURE_DIRS = ['mail', 'mail-charsets'].map((d) => join(import.meta.dirname, '../fixtures', d));
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function takesDirectPath(raw: Buffer | string): boolean {
  const bytes = typeof raw === 'string' ? Buffer.from(raw.replace(/^\uFEFF/, '')) : raw;
  const input = bytes.subarray(0, 3).equals(BOM) ? bytes.subarray(3) : bytes;
  return parseSimpleMail(input) !== undefined;
}

async function expectSameReading(raw: Buffer | string): Promise<void> {
  const direct = await parseMail(raw);
  const reference = await parseMailWithMailparser(raw);
  expect(direct).toStrictEqual(reference);
  expect(JSON.stringify(direct)).toBe(JSON.stringify(reference));
}

type Variant = { name: string; raw: Buffer; direct: boolean };

/** A mail from header lines and a body (string as UTF-8, or bytes), lines joined with CRLF. */
function mail(headers: (string | Buffer)[], body: string | Buffer = 'Please delete my data.\r\n'): Buffer {
  const head = headers.map((h) => (typeof h === 'string' ? Buffer.from(h, 'utf8') : h));
  const parts: Buffer[] = [];
  for (const h of head) parts.push(h, Buffer.from('\r\n'));
  parts.push(Buffer.from('\r\n'), typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  return Buffer.concat(parts);
}

const BASE = [
  'From: Jane Doe <jane@example.com>',
  'To: Privacy Desk <gdpr@example.com>',
  'Subject: Delete my data',
  'Date: Tue, 04 Mar 2025 09:57:00 +0100',
  'Message-ID: <m1@example.com>',
  'MIME-Version: 1.0',
];
const PLAIN = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit'];
const withHeader = (...extra: string[]): Buffer => mail([...BASE, ...PLAIN, ...extra]);
const replacing = (name: string, ...lines: string[]): string[] => [
  ...BASE.filter((h) => !h.toLowerCase().startsWith(`${name.toLowerCase()}:`)),
  ...lines,
];

const b64 = (s: string | Buffer, width = 76): string =>
  (typeof s === 'string' ? Buffer.from(s) : s)
    .toString('base64')
    .replace(new RegExp(`(.{${width}})`, 'g'), '$1\r\n');

const LONG_TEXT = `Hej, jag vill att ni raderar alla mina personuppgifter. Åsa Öberg, Malmö.\r\n${'Rad med text och = tecken. '.repeat(30)}\r\n`;

function simpleVariants(): Variant[] {
  const v = (name: string, raw: Buffer, direct = true): Variant => ({ name, raw, direct });
  return [
    // encoded words
    v(
      'B encoded subject',
      mail([...replacing('subject', 'Subject: =?utf-8?B?UmFkZXJhIG1pbmEgdXBwZ2lmdGVy?='), ...PLAIN]),
    ),
    v(
      'Q encoded latin1 subject',
      mail([...replacing('subject', 'Subject: =?iso-8859-1?Q?Radera_mina_uppgifter_=E5=E4=F6?='), ...PLAIN]),
    ),
    v(
      'adjacent encoded words',
      mail([
        ...replacing('subject', 'Subject: =?utf-8?Q?Sl=C3=A4?= =?utf-8?Q?ng_mig?= and =?utf-8?B?w6Vr?='),
        ...PLAIN,
      ]),
    ),
    v(
      'mixed charsets in encoded words',
      mail([...replacing('subject', 'Subject: =?iso-8859-1?Q?=E5?= =?utf-8?Q?=C3=A5?='), ...PLAIN]),
    ),
    v(
      'unknown charset encoded word',
      mail([...replacing('subject', 'Subject: =?x-unknown?Q?abc?= rest'), ...PLAIN]),
    ),
    v(
      'broken encoded word',
      mail([...replacing('subject', 'Subject: =?utf-8?Q?unterminated and =?utf-8?B?###?='), ...PLAIN]),
    ),
    v(
      'encoded display name',
      mail([...replacing('from', 'From: =?utf-8?Q?J=C3=B6rg_M=C3=BCller?= <jorg@example.de>'), ...PLAIN]),
    ),
    v(
      'encoded word hiding an address',
      mail([...replacing('from', 'From: =?utf-8?B?Y2VvQGJhbmsuY29t?= <a@example.com>'), ...PLAIN]),
    ),
    // folding
    v(
      'folded subject',
      mail([...replacing('subject', 'Subject: Please delete', '  all of my', '\tpersonal data'), ...PLAIN]),
    ),
    v(
      'folded To list',
      mail([
        ...replacing('to', 'To: a@example.com,', ' "B, Bee" <b@example.com>,', '\tc@example.com'),
        ...PLAIN,
      ]),
    ),
    v(
      'folded encoded subject',
      mail([
        ...replacing(
          'subject',
          'Subject: =?utf-8?Q?Radera_mina?=',
          ' =?utf-8?Q?_uppgifter_n=C3=A4r?=',
          ' ni kan',
        ),
        ...PLAIN,
      ]),
    ),
    v(
      'folded content type',
      mail(
        [...BASE, 'Content-Type: text/plain;', '\tcharset="iso-8859-1"', 'Content-Transfer-Encoding: 8bit'],
        Buffer.from('R\xe4tta mitt namn\r\n', 'latin1'),
      ),
    ),
    // quoted-printable
    v(
      'QP soft breaks and escapes',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'],
        'Hej, jag vill att ni raderar alla mina uppgifter och =\r\nsom =C3=A4r kopplade till mig. 1+1=3D2   \r\nSlut=\r\n',
      ),
    ),
    v(
      'QP latin1',
      mail(
        [
          ...BASE,
          'Content-Type: text/plain; charset=ISO-8859-1',
          'Content-Transfer-Encoding: Quoted-Printable',
        ],
        'R=E4tta mitt namn till =C5sa=20\r\n=\r\n',
      ),
    ),
    v(
      'QP odd escapes',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'],
        'bad =ZZ escape, lower =c3=a5, end =',
      ),
    ),
    v(
      'QP with LF only',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable'],
        'a soft=\nbreak\n',
      ),
    ),
    // base64
    v(
      'base64 body',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'],
        `${b64(LONG_TEXT)}\r\n`,
      ),
    ),
    v(
      'base64 without final newline',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'],
        b64(LONG_TEXT),
      ),
    ),
    v(
      'base64 padded per line',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: BASE64'],
        `${b64('Hej ')}\r\n${b64('då!')}\r\n${b64('x')}`,
      ),
    ),
    v(
      'base64 with junk and no padding',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'],
        `  ${b64('Radera allt nu', 5)} !!\r\nQUJD\r\nQQ`,
      ),
    ),
    v(
      'base64 latin1',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=windows-1252', 'Content-Transfer-Encoding: base64'],
        b64(Buffer.from('\x80 5 \xe5\xe4\xf6 \x93quoted\x94\r\n', 'latin1')),
      ),
    ),
    // charsets
    v(
      'latin1 8bit body',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=iso-8859-1', 'Content-Transfer-Encoding: 8bit'],
        Buffer.from('Jag heter \xc5sa \xd6berg.\r\n', 'latin1'),
      ),
    ),
    v(
      'windows-1252 body',
      mail(
        [...BASE, 'Content-Type: text/plain; charset="Windows-1252"', 'Content-Transfer-Encoding: 8bit'],
        Buffer.from('Pris \x80 10 \x96 s\xe5 \x85\r\n', 'latin1'),
      ),
    ),
    v(
      'iso-8859-15 body',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=iso-8859-15', 'Content-Transfer-Encoding: 8bit'],
        Buffer.from('\xa4 \xa6\r\n', 'latin1'),
      ),
    ),
    v(
      'koi8-r body',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=koi8-r', 'Content-Transfer-Encoding: 8bit'],
        Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4, 0x0d, 0x0a]),
      ),
    ),
    v(
      'us-ascii with 8bit bytes',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: 7bit'],
        Buffer.from('caf\xe9 and caf\xc3\xa9\r\n', 'latin1'),
      ),
    ),
    v(
      'invalid utf-8 body',
      mail([...BASE, ...PLAIN], Buffer.from([0x61, 0xc3, 0x28, 0xff, 0x62, 0x0d, 0x0a])),
    ),
    v(
      'no charset',
      mail([...BASE, 'Content-Type: text/plain', 'Content-Transfer-Encoding: 8bit'], 'Radera mig, tack.\r\n'),
    ),
    v('no content type', mail(BASE, 'Radera mig, tack.\r\n')),
    v('no content headers, 8bit body', mail(BASE, 'Räkna med mig.\r\n')),
    v('utf-8 header bytes', mail([...replacing('subject', 'Subject: Radera mina uppgifter, Åsa'), ...PLAIN])),
    v(
      'latin1 header bytes',
      mail([
        ...BASE.filter((h) => !h.startsWith('Subject')),
        Buffer.from('Subject: R\xe4tta', 'latin1'),
        ...PLAIN,
      ]),
    ),
    v('8bit display name', mail([...replacing('from', 'From: Jörg Müller <jorg@example.de>'), ...PLAIN])),
    // line endings and BOM
    v('BOM', Buffer.concat([BOM, withHeader()])),
    v('bare CR inside a header', mail([...replacing('subject', 'Subject: a\rb'), ...PLAIN])),
    // addresses
    v(
      'quoted name with comma',
      mail([...replacing('from', 'From: "Doe, Jane" <jane@example.com>'), ...PLAIN]),
    ),
    v(
      'quoted name with escaped quote',
      mail([...replacing('from', 'From: "Jane \\"JD\\" O\'Doe" <jane@example.com>'), ...PLAIN]),
    ),
    v('address without name', mail([...replacing('from', 'From: jane@example.com'), ...PLAIN])),
    v('name without address', mail([...replacing('from', 'From: Jane Doe'), ...PLAIN])),
    v(
      'two From addresses',
      mail([...replacing('from', 'From: a@example.com, "B" <b@example.com>, A@EXAMPLE.COM'), ...PLAIN]),
    ),
    v('comment in address', mail([...replacing('from', 'From: jane@example.com (Jane Doe)'), ...PLAIN])),
    v(
      'group in To',
      mail([...replacing('to', 'To: Team: a@example.com, "B" <b@example.com>;, c@example.com'), ...PLAIN]),
    ),
    v('empty group', mail([...replacing('to', 'To: undisclosed-recipients:;'), ...PLAIN])),
    v('punycode domain', mail([...replacing('to', 'To: gdpr@xn--bcher-kva.example'), ...PLAIN])),
    v(
      'Reply-To and Cc',
      withHeader(
        'Reply-To: "Other" <other@example.com>',
        'Cc: c1@example.com, c2@example.com',
        'Bcc: hidden@example.com',
      ),
    ),
    v('empty address header', withHeader('Cc:')),
    // missing headers
    v('no subject', mail([...replacing('subject'), ...PLAIN])),
    v('no from', mail([...replacing('from'), ...PLAIN])),
    v('no date', mail([...replacing('date'), ...PLAIN])),
    v('no message id', mail([...replacing('message-id'), ...PLAIN])),
    v('headers only, no body', Buffer.from(`${[...BASE, ...PLAIN].join('\r\n')}\r\n\r\n`)),
    v('headers only, no blank line', Buffer.from(`${[...BASE, ...PLAIN].join('\r\n')}\r\n`)),
    v('headers only, no final line break', Buffer.from([...BASE, ...PLAIN].join('\r\n'))),
    v('empty body', mail([...BASE, ...PLAIN], '')),
    v('whitespace body', mail([...BASE, ...PLAIN], '  \r\n\t\r\n')),
    // dates
    v('invalid date', mail([...replacing('date', 'Date: not a date'), ...PLAIN])),
    v('empty date', mail([...replacing('date', 'Date:'), ...PLAIN])),
    v(
      'date with comment',
      mail([...replacing('date', 'Date: Tue, 4 Mar 2025 09:57:00 +0100 (CET)'), ...PLAIN]),
    ),
    v('two-digit year', mail([...replacing('date', 'Date: 4 Mar 25 09:57 GMT'), ...PLAIN])),
    v('date without zone', mail([...replacing('date', 'Date: 2025-03-04 09:57'), ...PLAIN])),
    // repeated and odd headers
    v('two subjects', withHeader('Subject: second subject')),
    v('two From headers', withHeader('From: second@example.com')),
    v('two To headers', withHeader('To: second@example.com')),
    v('two Cc headers', withHeader('Cc: c1@example.com', 'Cc: c2@example.com')),
    v('two Received headers', withHeader('Received: from a by b', 'Received: from c by d')),
    v('two content types, first wins', mail([...BASE, ...PLAIN, 'Content-Type: text/html'])),
    v(
      'references and in-reply-to',
      withHeader('In-Reply-To: req-17@example.net', 'References: <a@x>  <b@y>', '  c@z', 'References: <d@w>'),
    ),
    v('empty references', withHeader('References:')),
    v(
      'message id without brackets',
      mail([...replacing('message-id', 'Message-ID: m2@example.com'), ...PLAIN]),
    ),
    v('empty message id', mail([...replacing('message-id', 'Message-ID:'), ...PLAIN])),
    v('priorities', withHeader('X-Priority: 1 (Highest)', 'Importance: low', 'X-MSMail-Priority: High')),
    v(
      'list headers',
      withHeader(
        'List-Unsubscribe: <https://example.com/u>, <mailto:u@example.com>',
        'List-Id: News <news.example.com>',
        'Precedence: bulk',
      ),
    ),
    v('auto-submitted', withHeader('Auto-Submitted: auto-replied', 'X-Autoreply: yes')),
    v('header without space', withHeader('X-Tight:value', 'X-Empty:', 'X-Spaces:    padded   ')),
    v('header name case', withHeader('AUTO-SUBMITTED: Auto-Generated', 'x-Custom-Header: Mixed')),
    v(
      'dkim signature',
      withHeader('DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=s1; h=from:to (x); b=abc'),
    ),
    v(
      'content type parameters',
      mail([
        ...BASE,
        'Content-Type: text/plain; charset="utf-8"; delsp=no (comment); name="=?utf-8?Q?n=C3=A5?="',
        'Content-Transfer-Encoding: 8bit',
      ]),
    ),
    v(
      'mbox From line',
      Buffer.concat([Buffer.from('From jane@example.com Tue Mar  4 09:57:00 2025\r\n'), withHeader()]),
    ),
    v(
      '7bit encoding',
      mail([...BASE, 'Content-Type: text/plain; charset=us-ascii', 'Content-Transfer-Encoding: 7bit']),
    ),
    v(
      'binary encoding',
      mail([...BASE, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: binary']),
    ),
    v(
      'text/plain in capitals',
      mail([...BASE, 'Content-Type: TEXT/PLAIN; CHARSET=UTF-8', 'Content-Transfer-Encoding: 8BIT']),
    ),
    // HTML only
    v('html only', mail([...BASE, 'Content-Type: text/html; charset=utf-8'], '<p>Radera <b>mig</b></p>\r\n')),
    v(
      'html with styles, script and entities',
      mail(
        [
          ...BASE,
          'Content-Type: text/html; charset=iso-8859-1',
          'Content-Transfer-Encoding: quoted-printable',
        ],
        '<html><head><style>p{x:y}</style><script>var a=3D1</script></head><body><p>R=E4tta&nbsp;mig &amp; &lt;dig&gt;</p><ul><li>ett</li><li>tv=E5</li></ul><a href=3D"https://example.com">l=E4nk</a><table><tr><td>a</td><td>b</td></tr></table></body></html>',
      ),
    ),
    v(
      'html without text',
      mail([...BASE, 'Content-Type: text/html; charset=utf-8'], '<br><img src="x.png">\r\n'),
    ),
    v('html empty body', mail([...BASE, 'Content-Type: text/html; charset=utf-8'], '')),
    v(
      'html base64',
      mail(
        [...BASE, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64'],
        b64('<div>Radera <i>allt</i></div>'),
      ),
    ),
    // left to mailparser
    v(
      'format=flowed',
      mail(
        [
          ...BASE,
          'Content-Type: text/plain; charset=utf-8; format=flowed',
          'Content-Transfer-Encoding: 8bit',
        ],
        'a soft \r\nbreak\r\n',
      ),
      false,
    ),
    v(
      'unknown charset',
      mail([...BASE, 'Content-Type: text/plain; charset=x-unknown', 'Content-Transfer-Encoding: 8bit']),
      false,
    ),
    v(
      'utf-7',
      mail(
        [...BASE, 'Content-Type: text/plain; charset=utf-7', 'Content-Transfer-Encoding: 7bit'],
        '+ADw-script+AD4-\r\n',
      ),
      false,
    ),
    v(
      'shift_jis',
      mail([...BASE, 'Content-Type: text/plain; charset=shift_jis', 'Content-Transfer-Encoding: 8bit']),
      false,
    ),
    v(
      'encoding with comment',
      mail([...BASE, 'Content-Type: text/plain', 'Content-Transfer-Encoding: base64 (yes)'], b64('hej')),
      false,
    ),
    v(
      'uuencode',
      mail([...BASE, 'Content-Type: text/plain', 'Content-Transfer-Encoding: x-uuencode']),
      false,
    ),
    v('content disposition', withHeader('Content-Disposition: attachment; filename="a.txt"'), false),
    v('empty content type', mail([...BASE, 'Content-Type: ; charset=utf-8']), false),
    v('deeply tagged html', mail([...BASE, 'Content-Type: text/html'], `${'<b>'.repeat(1001)}x`), false),
    v('leading empty line', Buffer.concat([Buffer.from('\r\n'), withHeader()]), false),
  ];
}

const BOUNDARY = 'b1_=_test';
const multipart = (type: string, parts: string[], extra = '', boundary = BOUNDARY): Buffer =>
  mail(
    [...BASE, `Content-Type: multipart/${type}; boundary="${boundary}"`],
    `${extra}${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`,
  );
const textPart = (
  text: string,
  headers = 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit',
) => `${headers}\r\n\r\n${text}`;
const pdf = `Content-Type: application/pdf; name="power-of-attorney.pdf"\r\nContent-Disposition: attachment; filename="power-of-attorney.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(Buffer.alloc(700, 7))}`;

function multipartVariants(): Variant[] {
  const v = (name: string, raw: Buffer, direct = true): Variant => ({ name, raw, direct });
  return [
    v('mixed, text and pdf', multipart('mixed', [textPart('Please delete my client’s data.\r\n'), pdf])),
    v(
      'alternative, text and html',
      multipart('alternative', [
        textPart('Update my title.'),
        'Content-Type: text/html; charset=utf-8\r\n\r\n<p>Update my title.</p>',
      ]),
    ),
    v(
      'mixed with preamble and epilogue',
      Buffer.concat([
        multipart('mixed', [textPart('Delete me.')], 'This is a MIME message.\r\n\r\n'),
        Buffer.from('epilogue text\r\n'),
      ]),
    ),
    v('two text parts', multipart('mixed', [textPart('First part.'), textPart('Second part.\r\n')])),
    v(
      'base64 and QP text parts',
      multipart('mixed', [
        textPart(
          b64(LONG_TEXT),
          'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64',
        ),
        textPart(
          'R=E4tta=\r\n mig',
          'Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable',
        ),
      ]),
    ),
    v(
      'octet-stream named by its filename',
      multipart('mixed', [
        textPart('See attached.'),
        `Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="scan.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(Buffer.alloc(70, 1))}`,
      ]),
    ),
    v(
      'encoded and RFC 2231 filenames',
      multipart('mixed', [
        textPart('Two files.'),
        `Content-Type: application/pdf; name="=?utf-8?Q?f=C3=B6rsta.pdf?="\r\nContent-Disposition: attachment\r\n\r\nx`,
        `Content-Type: application/pdf\r\nContent-Disposition: attachment; filename*=utf-8''andra%20fil.pdf\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na=3Db`,
      ]),
    ),
    v(
      'inline image and text attachment',
      multipart('mixed', [
        textPart('Photo inline.'),
        'Content-Type: image/jpeg\r\nContent-Disposition: inline\r\n\r\nabc',
        'Content-Type: text/plain\r\nContent-Disposition: attachment; filename=notes.txt\r\n\r\nnotes',
      ]),
    ),
    v(
      'odd disposition',
      multipart('mixed', [
        textPart('Odd.'),
        'Content-Type: text/plain\r\nContent-Disposition: form-data; name=x\r\n\r\nvalue',
      ]),
    ),
    v(
      'attachment without a name',
      multipart('mixed', [
        textPart('Nameless.'),
        'Content-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n',
      ]),
    ),
    v(
      'delimiter with trailing spaces',
      mail(
        [...BASE, `Content-Type: multipart/mixed; boundary=${BOUNDARY}`],
        `--${BOUNDARY}  \r\n${textPart('Spaces.')}\r\n--${BOUNDARY}-- \t\r\n`,
      ),
    ),
    v(
      'lookalike delimiter line',
      multipart('mixed', [textPart(`--${BOUNDARY}x is not a delimiter\r\n--${BOUNDARY}-x`)]),
    ),
    v(
      'LF-only multipart',
      Buffer.from(
        multipart('mixed', [textPart('LF only.\r\n'), pdf])
          .toString('latin1')
          .replace(/\r\n/g, '\n'),
        'latin1',
      ),
    ),
    v('boundary with spaces', multipart('alternative', [textPart('Spaced boundary.')], '', 'a b c')),
    v(
      'closing delimiter without line break',
      mail(
        [...BASE, `Content-Type: multipart/mixed; boundary=${BOUNDARY}`],
        `--${BOUNDARY}\r\n${textPart('End.')}\r\n--${BOUNDARY}--`,
      ),
    ),
    v(
      'a body of one line break before the next delimiter',
      multipart('mixed', [
        textPart('Text.'),
        'Content-Type: text/plain\r\nContent-Disposition: attachment\r\n\r\n',
        textPart('More.'),
      ]),
    ),
    v(
      'a body of one line break before the closing delimiter',
      multipart('mixed', [
        textPart('Text.'),
        'Content-Type: text/plain\r\nContent-Disposition: attachment\r\n\r\n',
      ]),
    ),
    v(
      'a part without body',
      mail(
        [...BASE, `Content-Type: multipart/mixed; boundary=${BOUNDARY}`],
        `--${BOUNDARY}\r\n${textPart('Text.')}\r\n--${BOUNDARY}\r\nContent-Type: image/png\r\n\r\n--${BOUNDARY}--\r\n`,
      ),
    ),
    v(
      'mixed around an alternative',
      multipart('mixed', [
        `Content-Type: multipart/alternative; boundary="alt"\r\n\r\npreamble\r\n--alt\r\n${textPart('Plain text.')}\r\n--alt\r\nContent-Type: text/html\r\n\r\n<p>Html.</p>\r\n--alt--\r\nepilogue\r\n`,
        pdf,
      ]),
    ),
    v(
      'alternative around a related',
      multipart('alternative', [
        textPart('Plain.'),
        `Content-Type: multipart/related; boundary=rel\r\n\r\n--rel\r\nContent-Type: text/html\r\n\r\n<img src="cid:i1">\r\n--rel\r\nContent-Type: image/png\r\nContent-ID: <i1>\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(Buffer.alloc(20, 5))}\r\n--rel--`,
      ]),
    ),
    v(
      'signed text',
      multipart('signed', [
        textPart('Signed request.'),
        'Content-Type: application/pgp-signature; name="signature.asc"\r\n\r\n-----BEGIN PGP SIGNATURE-----\r\nabc\r\n-----END PGP SIGNATURE-----',
      ]),
    ),
    v(
      'html in mixed',
      multipart('mixed', [textPart('Text.'), 'Content-Type: text/html\r\n\r\n<p>Html.</p>']),
      false,
    ),
    v(
      'alternative with empty text',
      multipart('alternative', [textPart(''), 'Content-Type: text/html\r\n\r\n<p>Only html.</p>']),
      false,
    ),
    v(
      'nested multipart, inner boundary a part of the outer',
      multipart('mixed', [
        `Content-Type: multipart/alternative; boundary=b1\r\n\r\n--b1\r\n${textPart('Nested.')}\r\n--b1--`,
      ]),
      false,
    ),
    v(
      'nested multipart left open',
      multipart('mixed', [
        `Content-Type: multipart/alternative; boundary=inner\r\n\r\n--inner\r\n${textPart('Open.')}`,
      ]),
      false,
    ),
    v(
      'multipart nested four deep',
      multipart('mixed', [
        'Content-Type: multipart/mixed; boundary=l2\r\n\r\n--l2\r\nContent-Type: multipart/mixed; boundary=l3\r\n\r\n--l3\r\nContent-Type: multipart/mixed; boundary=l4\r\n\r\n--l4\r\nContent-Type: text/plain\r\n\r\nDeep.\r\n--l4--\r\n--l3--\r\n--l2--',
      ]),
      false,
    ),
    v(
      'unclosed multipart',
      mail(
        [...BASE, `Content-Type: multipart/mixed; boundary=${BOUNDARY}`],
        `--${BOUNDARY}\r\n${textPart('Never closed.\r\n')}`,
      ),
      false,
    ),
    v(
      'part without content type',
      multipart('mixed', [textPart('No type.', 'Content-Transfer-Encoding: 8bit')]),
      false,
    ),
    v(
      'embedded message',
      multipart('mixed', [
        textPart('Forwarded.'),
        `Content-Type: message/rfc822\r\n\r\n${withHeader().toString()}`,
      ]),
      false,
    ),
    v(
      'delivery report',
      multipart('report', [
        textPart('Could not deliver.'),
        'Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\nAction: failed\r\n',
        'Content-Type: text/rfc822-headers\r\n\r\nFrom: a@example.com\r\nSubject: x',
      ]),
    ),
    v(
      'related with an inline image',
      multipart('related', [
        textPart('See the picture.'),
        `Content-Type: image/png\r\nContent-ID: <img1@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(Buffer.alloc(40, 3))}`,
      ]),
    ),
    v(
      'unknown charset in an html alternative',
      multipart('alternative', [
        textPart('Text.'),
        'Content-Type: text/html; charset=x-unknown\r\n\r\n<p>Html.</p>',
      ]),
    ),
    v(
      'unknown charset in a text part',
      multipart('mixed', [textPart('Text.', 'Content-Type: text/plain; charset=x-unknown')]),
      false,
    ),
    v(
      'flowed text part',
      multipart('mixed', [textPart('Text.', 'Content-Type: text/plain; format=flowed')]),
      false,
    ),
    v('missing boundary', mail([...BASE, 'Content-Type: multipart/mixed'], 'text\r\n'), false),
  ];
}

/** Every variant in CRLF and in LF line endings. */
function inBothLineEndings(variants: Variant[]): Variant[] {
  return variants.flatMap((variant) => [
    variant,
    {
      ...variant,
      name: `${variant.name} (LF)`,
      raw: Buffer.from(variant.raw.toString('latin1').replace(/\r\n/g, '\n'), 'latin1'),
    },
  ]);
}

describe('parseMail direct path', () => {
  // An invalid Date header reads as "now" on both paths: one fixed now makes them comparable.
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-02T03:04:05Z') });
  });
  afterAll(() => {
    vi.useRealTimers();
  });

  const fixtures = FIXTURE_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .map((f) => ({ name: f, raw: readFileSync(join(dir, f)) })),
  );

  it.each(fixtures)('reads fixture $name as mailparser does', async ({ raw }) => {
    await expectSameReading(raw);
  });

  it('reads every fixture but the multibyte charsets directly', () => {
    const direct = fixtures.filter((f) => takesDirectPath(f.raw)).map((f) => f.name);
    const fallback = fixtures.filter((f) => !takesDirectPath(f.raw)).map((f) => f.name);
    expect(fallback).toEqual([
      'ja-access-shift-jis.eml',
      'ja-erasure-euc-jp.eml',
      'ja-erasure-iso-2022-jp.eml',
      'ko-access-euc-kr.eml',
      'zh-access-big5.eml',
      'zh-access-gb2312.eml',
    ]);
    expect(direct.length).toBe(90);
  });

  const variants = inBothLineEndings([...simpleVariants(), ...multipartVariants()]);

  it.each(variants)('reads "$name" as mailparser does', async ({ raw, direct }) => {
    expect(takesDirectPath(raw)).toBe(direct);
    await expectSameReading(raw);
  });

  it('decodes every byte of each single-byte charset as mailparser does', async () => {
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const charsets = [
      ...Array.from({ length: 9 }, (_, i) => `windows-125${i}`),
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15, 16].map((n) => `iso-8859-${n}`),
      'latin1',
      'cp1252',
      'koi8-r',
      'KOI8-U',
    ];
    for (const charset of charsets) {
      const raw = mail([...BASE, `Content-Type: text/plain; charset=${charset}`], everyByte);
      expect(takesDirectPath(raw), charset).toBe(true);
      await expectSameReading(raw);
    }
  });

  it('reads string input as mailparser does', async () => {
    await expectSameReading(withHeader().toString('utf8'));
    await expectSameReading(`\uFEFF${withHeader().toString('utf8')}`);
  });

  it('reads generated plain mail as mailparser does', async () => {
    const headerText = fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' '));
    const bodyText = fc.string({ unit: 'grapheme', maxLength: 300 });
    const encoding = fc.constantFrom('8bit', 'quoted-printable', 'base64');
    const lineEnd = fc.constantFrom('\r\n', '\n');
    await fc.assert(
      fc.asyncProperty(
        headerText,
        headerText,
        bodyText,
        encoding,
        lineEnd,
        async (subject, name, body, cte, eol) => {
          const encoded =
            cte === 'base64'
              ? b64(body)
              : cte === 'quoted-printable'
                ? body.replace(/=/g, '=3D').replace(/(.{60})/g, '$1=\r\n')
                : body;
          const raw = Buffer.from(
            [
              `From: "${name.replace(/["\\]/g, '')}" <jane@example.com>`,
              'To: gdpr@example.com',
              `Subject: ${subject}`,
              'Content-Type: text/plain; charset=utf-8',
              `Content-Transfer-Encoding: ${cte}`,
              '',
              encoded,
            ].join(eol),
          );
          expect(takesDirectPath(raw)).toBe(true);
          await expectSameReading(raw);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads generated multipart mail as mailparser does', async () => {
    const eol = fc.constantFrom('\r\n', '\n');
    const words = fc.constantFrom(
      'Radera',
      'mina',
      'uppgifter',
      'Åsa',
      '=3D',
      '--',
      'ñ',
      '€',
      '=?utf-8?Q?x?=',
      '',
    );
    const text = fc.array(words, { maxLength: 12 }).map((w) => w.join(' '));
    const textPart = fc.record({
      kind: fc.constant('text' as const),
      type: fc.constantFrom('text/plain', 'text/plain', 'text/plain', 'text/html', 'message/delivery-status'),
      charset: fc.constantFrom('', 'utf-8', 'iso-8859-1', 'windows-1252', 'us-ascii'),
      encoding: fc.constantFrom('', '7bit', '8bit', 'quoted-printable', 'base64'),
      disposition: fc.constantFrom('', 'inline', 'attachment'),
      body: text,
    });
    const filePart = fc.record({
      kind: fc.constant('file' as const),
      type: fc.constantFrom('application/pdf', 'application/octet-stream', 'image/png', 'text/csv'),
      name: fc.constantFrom('', 'id.png', 'scan.pdf', '=?utf-8?Q?f=C3=B6rsta.pdf?=', 'notes'),
      disposition: fc.constantFrom('', 'inline', 'attachment', 'form-data'),
      size: fc.nat({ max: 300 }),
    });
    const nestedPart = fc.record({
      kind: fc.constant('nested' as const),
      type: fc.constantFrom('mixed', 'alternative', 'related'),
      boundary: fc.constantFrom('inner', 'inner', 'b', 'xb--', 'in ner'),
      parts: fc.array(fc.oneof(textPart, filePart), { minLength: 1, maxLength: 3 }),
      preamble: fc.constantFrom('', 'inner preamble\r\n'),
      epilogue: fc.constantFrom('', 'inner epilogue\r\n', '\r\n'),
      closed: fc.constantFrom(true, true, true, false),
    });
    const structure = fc.record({
      type: fc.constantFrom('mixed', 'alternative', 'related', 'report', 'signed'),
      parts: fc.array(fc.oneof(textPart, filePart, nestedPart), { minLength: 1, maxLength: 4 }),
      preamble: fc.constantFrom('', 'This is a MIME message.\r\n\r\n', '--not-the-boundary\r\n'),
      epilogue: fc.constantFrom('', 'epilogue\r\n', '--b--\r\n'),
      padding: fc.constantFrom('', ' ', '\t '),
      closed: fc.constantFrom(true, true, true, false),
      eol,
    });
    const encode = (body: string, charset: string, encoding: string): string => {
      const bytes = Buffer.from(
        body,
        charset === 'iso-8859-1' || charset === 'windows-1252' ? 'latin1' : 'utf8',
      );
      if (encoding === 'base64') return b64(bytes);
      if (encoding === 'quoted-printable') return bytes.toString('latin1').replace(/=/g, '=3D');
      return bytes.toString('latin1');
    };
    let direct = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(structure, async (m) => {
        type Leaf = typeof m.parts extends (infer P)[] ? Exclude<P, { kind: 'nested' }> : never;
        const leaf = (p: Leaf): string => {
          const head: string[] = [];
          if (p.kind === 'text') {
            head.push(`Content-Type: ${p.type}${p.charset ? `; charset=${p.charset}` : ''}`);
            if (p.encoding) head.push(`Content-Transfer-Encoding: ${p.encoding}`);
            if (p.disposition) head.push(`Content-Disposition: ${p.disposition}`);
            return `${head.join('\r\n')}\r\n\r\n${encode(p.body, p.charset, p.encoding)}`;
          }
          head.push(
            `Content-Type: ${p.type}${p.name ? `; name="${p.name}"` : ''}`,
            'Content-Transfer-Encoding: base64',
          );
          if (p.disposition) head.push(`Content-Disposition: ${p.disposition}`);
          return `${head.join('\r\n')}\r\n\r\n${b64(Buffer.alloc(p.size, 9))}`;
        };
        const parts = m.parts.map((p) => {
          if (p.kind !== 'nested') return leaf(p);
          const inner = p.parts.map((q) => `--${p.boundary}\r\n${leaf(q)}\r\n`).join('');
          const close = p.closed ? `--${p.boundary}--\r\n${p.epilogue}` : '';
          return `Content-Type: multipart/${p.type}; boundary="${p.boundary}"\r\n\r\n${p.preamble}${inner}${close}`;
        });
        const body = `${m.preamble}${parts.map((p) => `--b${m.padding}\r\n${p}\r\n`).join('')}${m.closed ? `--b--${m.padding}\r\n${m.epilogue}` : ''}`;
        const crlf = Buffer.concat([
          Buffer.from(`${BASE.join('\r\n')}\r\nContent-Type: multipart/${m.type}; boundary="b"\r\n\r\n`),
          Buffer.from(body, 'latin1'),
        ]);
        const raw =
          m.eol === '\n' ? Buffer.from(crlf.toString('latin1').replace(/\r\n/g, '\n'), 'latin1') : crlf;
        runs++;
        if (takesDirectPath(raw)) direct++;
        await expectSameReading(raw);
      }),
      { numRuns: 300 },
    );
    // Not a vacuous comparison: many of them take the direct path.
    expect(direct).toBeGreaterThan(runs / 10);
  });

  it('reads damaged fixtures as mailparser does', async () => {
    const fixtureBytes = fixtures.map((f) => f.raw).filter((raw) => takesDirectPath(raw));
    const tokens = [
      '\r\n',
      '\n',
      '\r',
      ' ',
      '\t',
      ':',
      '=',
      '--',
      '"',
      '<',
      '>',
      ',',
      ';',
      '=?utf-8?B?',
      '?=',
      '\xc3',
      '\xff',
      'Content-Type: text/html\r\n',
      'Content-Transfer-Encoding: base64\r\n',
    ];
    const edit = fc.record({
      at: fc.nat(),
      remove: fc.nat({ max: 8 }),
      insert: fc.array(fc.constantFrom(...tokens), { maxLength: 3 }).map((t) => t.join('')),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: fixtureBytes.length - 1 }),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        async (index, edits) => {
          let raw = fixtureBytes[index] as Buffer;
          for (const e of edits) {
            const at = e.at % (raw.length + 1);
            raw = Buffer.concat([
              raw.subarray(0, at),
              Buffer.from(e.insert, 'latin1'),
              raw.subarray(at + e.remove),
            ]);
          }
          await expectSameReading(raw);
        },
      ),
      { numRuns: 400 },
    );
  });
});
