/**
 * A stream-free reading of mail with a common structure: one text/plain or text/html part, or a
 * multipart (mixed, alternative, related, report, signed; nested up to three deep) with a plain
 * text part, in 7bit, 8bit, quoted-printable or base64, in UTF-8, ASCII or a single-byte charset.
 * It gives the ParsedMail that mailparser's simpleParser gives for the same bytes, in every field
 * the mail parser adapter reads, without simpleParser's stream hops between chunks (most of its
 * time on a short mail). It follows mailparser's steps with the same libraries: the split as
 * mailsplit does it, the header decoding of MailParser.processHeaders, the body decoding of the
 * libqp and libbase64 streams and libmime's charset decoding. Anything else answers undefined,
 * and the caller falls back to simpleParser.
 */
// @ts-expect-error html-to-text ships no type declarations
import { compile as untypedCompile } from 'html-to-text';
import iconv from 'iconv-lite';
import libbase64 from 'libbase64';
import libmime from 'libmime';
import libqp from 'libqp';
import { type AddressObject, type HeaderValue, type ParsedMail, parseAddressHeader } from 'mailparser';

type HeaderLine = { key: string; line: string };

/** Header blocks beyond this are left to mailparser, which enforces its own size limit. */
const MAX_HEADER_BYTES = 64 * 1024;

/** Charset names mailparser leaves undecoded: the bytes are read as UTF-8. */
const UTF8_AS_IS = new Set(['ascii', 'usascii', 'utf8']);
/** Single-byte charsets (after libmime's name normalization): a whole-body decode equals the stream's. */
const SINGLE_BYTE_CHARSET = /^(?:windows-125[0-8]|ISO-8859-(?:[1-9]|1[013-6])|KOI8-[RU])$/i;

const DECODED_ENCODINGS = new Set(['', '7bit', '8bit', 'binary', 'quoted-printable', 'base64']);

/** Headers mailparser keeps only the first value of. */
const SINGLE_KEYS = new Set([
  'message-id',
  'content-id',
  'from',
  'sender',
  'in-reply-to',
  'reply-to',
  'subject',
  'date',
  'content-disposition',
  'content-type',
  'content-transfer-encoding',
  'priority',
  'mime-version',
  'content-description',
  'precedence',
  'errors-to',
  'disposition-notification-to',
]);

const ADDRESS_KEYS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'sender',
  'reply-to',
  'delivered-to',
  'return-path',
  'disposition-notification-to',
]);

const compileHtmlToText = untypedCompile as (options: {
  limits: { maxDepth: number };
}) => (html: string) => string;

// mailparser's own libmime instance type: the decoding steps must be the same calls.
const mime = new libmime.Libmime();

/** The ParsedMail simpleParser would give, or undefined when the mail is not a simple one. */
export function parseSimpleMail(raw: Buffer): ParsedMail | undefined {
  const split = splitHeaderBlock(raw);
  if (!split) return undefined;
  const lines = headerLines(split.head);
  if (!lines) return undefined;
  const root = describePart(lines, true);
  if (!root) return undefined;
  // A disposition (or filename) on the root is rare enough to leave to mailparser.
  if (root.disposition !== false) return undefined;
  const body = raw.subarray(split.bodyStart);

  let text: string | undefined;
  let html: string | false = false;
  let attachments: ParsedMail['attachments'] = [];
  if (root.contentType === 'text/plain' || root.contentType === 'text/html') {
    if (!DECODED_ENCODINGS.has(root.encoding) || !readableCharset(root.charset)) return undefined;
    const content = decodeText(root, bodyChunks(body));
    if (root.contentType === 'text/plain') text = content || undefined;
    else if (content) {
      const converted = htmlAsText(content);
      if (converted === undefined) return undefined;
      text = converted;
      html = content;
    }
  } else if (MULTIPART_TYPES.has(root.contentType)) {
    if (!root.boundary || !['', '7bit', '8bit', 'binary'].includes(root.encoding)) return undefined;
    const content: PartsContent = { texts: [], attachments: [], parts: 0 };
    if (!readParts(body, [root.boundary], root.contentType === 'multipart/alternative', content))
      return undefined;
    text = content.texts.join('\n');
    // With no plain text the adapter reads the HTML parts, which this module does not collect.
    if (!text.trim()) return undefined;
    attachments = content.attachments;
  } else {
    return undefined;
  }

  const headers = processHeaders(lines);
  const parsed: ParsedMail = { attachments, headers, headerLines: lines, html };
  if (text !== undefined) parsed.text = text;
  // The fields simpleParser copies from the root headers once the mail has ended.
  const subject = headers.get('subject');
  if (typeof subject === 'string') parsed.subject = subject;
  const references = headers.get('references');
  if (references !== undefined) parsed.references = references as string | string[];
  const date = headers.get('date');
  if (date instanceof Date) parsed.date = date;
  const messageId = headers.get('message-id');
  if (typeof messageId === 'string') parsed.messageId = messageId;
  const inReplyTo = headers.get('in-reply-to');
  if (typeof inReplyTo === 'string') parsed.inReplyTo = inReplyTo;
  const to = headers.get('to');
  if (to !== undefined) parsed.to = to as AddressObject | AddressObject[];
  const from = headers.get('from');
  if (from !== undefined) parsed.from = from as AddressObject;
  const cc = headers.get('cc');
  if (cc !== undefined) parsed.cc = cc as AddressObject | AddressObject[];
  const bcc = headers.get('bcc');
  if (bcc !== undefined) parsed.bcc = bcc as AddressObject | AddressObject[];
  const replyTo = headers.get('reply-to');
  if (replyTo !== undefined) parsed.replyTo = replyTo as AddressObject;
  return parsed;
}

/** Multiparts whose parts MailParser reads alike; only multipart/alternative keeps its HTML apart. */
const MULTIPART_TYPES = new Set([
  'multipart/mixed',
  'multipart/alternative',
  'multipart/related',
  'multipart/report',
  'multipart/signed',
]);

/** HTML longer than this is left to mailparser, which applies its own length limit. */
const MAX_HTML_LENGTH = 200_000;
/** MailParser's nesting limit for html-to-text. */
const MAX_HTML_NESTING_DEPTH = 1000;
/** html-to-text with MailParser's options, set up once: setting it up costs more than most conversions. */
let htmlToText: ((html: string) => string) | undefined;

/**
 * An HTML-only mail's text, converted as MailParser converts it. HTML that could nest deeper than
 * MailParser allows (it cannot with fewer tags than that) or that fails to convert is left to it.
 */
function htmlAsText(html: string): string | undefined {
  if (html.length > MAX_HTML_LENGTH) return undefined;
  let tags = 0;
  for (let i = html.indexOf('<'); i !== -1; i = html.indexOf('<', i + 1)) {
    if (++tags > MAX_HTML_NESTING_DEPTH) return undefined;
  }
  try {
    htmlToText ??= compileHtmlToText({ limits: { maxDepth: MAX_HTML_NESTING_DEPTH } });
    return htmlToText(html);
  } catch {
    return undefined;
  }
}

/**
 * The header block ends at the first empty line (LF or CRLF), as mailsplit reads it; without one
 * the whole input is header (a part inside a multipart must have one). Input that opens with an
 * empty line is left to mailparser.
 */
function splitHeaderBlock(raw: Buffer, mustEnd = false): { head: Buffer; bodyStart: number } | undefined {
  if (raw.length === 0 || raw[0] === 0x0a || raw[0] === 0x0d) return undefined;
  let lineStart = 0;
  while (lineStart < raw.length && lineStart <= MAX_HEADER_BYTES) {
    const lf = raw.indexOf(0x0a, lineStart);
    if (lf === -1) break;
    const next = lf + 1;
    if (raw[next] === 0x0a) return { head: raw.subarray(0, next), bodyStart: next + 1 };
    if (raw[next] === 0x0d && raw[next + 1] === 0x0a)
      return { head: raw.subarray(0, next), bodyStart: next + 2 };
    lineStart = next;
  }
  return !mustEnd && raw.length <= MAX_HEADER_BYTES ? { head: raw, bodyStart: raw.length } : undefined;
}

/**
 * Logical header lines as mailsplit's Headers builds them: read as latin1, folded lines joined with
 * CRLF, an mbox "From " (or "POST ") first line set aside. A line without a colon is left to
 * mailparser (its key would come from a continuation line).
 */
function headerLines(head: Buffer): HeaderLine[] | undefined {
  const text = head.toString('latin1');
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x0a || text.charCodeAt(end - 1) === 0x0d)) end--;
  const rawLines = text.slice(0, end).split(/\r?\n/);
  const lines: HeaderLine[] = [];
  let i = 1;
  let first = rawLines[0] ?? '';
  while (i < rawLines.length && isFolded(rawLines[i] as string)) first += `\r\n${rawLines[i++]}`;
  if (!/^From /i.test(first) && !/^POST /i.test(first)) {
    const colon = first.indexOf(':');
    if (colon < 0) return undefined;
    lines.push({ key: first.slice(0, colon).toLowerCase().trim(), line: first });
  }
  for (; i < rawLines.length; i++) {
    const current = rawLines[i] as string;
    const last = lines[lines.length - 1];
    if (isFolded(current)) {
      if (!last) return undefined;
      last.line += `\r\n${current}`;
      continue;
    }
    const colon = current.indexOf(':');
    if (colon < 0) return undefined;
    lines.push({ key: current.slice(0, colon).toLowerCase().trim(), line: current });
  }
  return lines;
}

function isFolded(line: string): boolean {
  return line.startsWith(' ') || line.startsWith('\t');
}

/** What mailsplit reads from a part's headers (MimeNode.parseHeaders), for the cases handled here. */
interface PartReading {
  contentType: string;
  charset: string | false;
  encoding: string;
  disposition: string | false;
  filename: string | false;
  boundary: Buffer | false;
}

/**
 * A part's type, charset, transfer encoding, disposition, filename and boundary, as mailsplit
 * takes them from the first of each header. A part without Content-Type is read as text/plain only
 * at the root and only without Content-Disposition (otherwise a filename or disposition decides);
 * format=flowed is left to mailparser.
 */
function describePart(lines: HeaderLine[], root: boolean): PartReading | undefined {
  const first = (key: string): HeaderLine | undefined => lines.find((l) => l.key === key);
  const dispositionLine = first('content-disposition');
  const contentTypeLine = first('content-type');
  if (!contentTypeLine && (!root || dispositionLine)) return undefined;
  const contentType = mime.parseHeaderValue(contentTypeLine ? firstValue(contentTypeLine) : 'text/plain', {
    stripComments: true,
  });
  const type = (contentType.value || '').toLowerCase().trim();
  if (!type) return undefined;
  if (type === 'text/plain' && contentType.params.format) return undefined;

  const encodingValue = first('content-transfer-encoding');
  const encoding = encodingValue ? firstValue(encodingValue) : '';
  // mailsplit strips a comment from the encoding its own way
  if (encoding.includes('(')) return undefined;

  let disposition: string | false = false;
  let filename: string | false = contentType.params.name || false;
  let filenameDecoded = contentType.decodedParams.includes('name');
  if (dispositionLine) {
    const parsed = mime.parseHeaderValue(firstValue(dispositionLine), { stripComments: true });
    disposition = (parsed.value || '').toLowerCase().trim() || false;
    if (disposition) disposition = decodeWordsOrKeep(disposition);
    if (parsed.params.filename) {
      filename = parsed.params.filename;
      filenameDecoded = parsed.decodedParams.includes('filename');
    }
  }
  if (filename && !filenameDecoded) filename = decodeWordsOrKeep(filename);

  // A boundary that is not ASCII counts as none, trailing whitespace is dropped.
  const boundary = (contentType.params.boundary || '').trimEnd();
  const asciiBoundary = boundary && Buffer.byteLength(boundary) === boundary.length;
  return {
    contentType: type,
    charset: contentType.params.charset || false,
    encoding: encoding.toLowerCase().trim(),
    disposition,
    filename,
    boundary: asciiBoundary ? Buffer.from(boundary) : false,
  };
}

/** Headers.getFirst: the line read as UTF-8 unless that breaks it, unfolded, name dropped. */
function firstValue(header: HeaderLine): string {
  const utf8 = Buffer.from(header.line, 'latin1').toString('utf8');
  const line = utf8.includes('\uFFFD') ? header.line : utf8;
  return (mime.decodeHeader(line).value || '').toString().trim();
}

function readableCharset(charset: string | false): boolean {
  if (charset === false || readAsUtf8(charset)) return true;
  return SINGLE_BYTE_CHARSET.test(mime.normalizeCharset(charset));
}

function readAsUtf8(charset: string): boolean {
  return UTF8_AS_IS.has(charset.toLowerCase().replace(/[^a-z0-9]+/g, ''));
}

/** Body bytes after the transfer decoding mailsplit picks: base64, quoted-printable or none. */
function transferDecode(encoding: string, chunks: Buffer[]): Buffer {
  if (encoding === 'base64') return decodeBase64Stream(chunks);
  const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  return encoding === 'quoted-printable' ? libqp.decode(bytes) : bytes;
}

/** A text part as MailParser keeps it: transfer-decoded, charset-decoded, LF line ends. */
function decodeText(part: PartReading, chunks: Buffer[]): string {
  const bytes = transferDecode(part.encoding, chunks);
  const charset = part.charset || 'utf-8';
  // Left as UTF-8 as MailParser leaves it, or the single-byte decode libmime's stream does.
  const text = readAsUtf8(charset)
    ? bytes.toString('utf8')
    : iconv.decode(bytes, mime.normalizeCharset(charset));
  return text.replace(/\r?\n/g, '\n');
}

/**
 * The chunks mailsplit hands a single-part body's decoder for one written buffer: everything up
 * to the last line break, then the unterminated last line (if any) when the input ends.
 */
function bodyChunks(body: Buffer): Buffer[] {
  const lastLf = body.lastIndexOf(0x0a);
  if (lastLf === -1) return body.length > 0 ? [body] : [];
  const tail = body.subarray(lastLf + 1);
  return tail.length > 0 ? [body.subarray(0, lastLf + 1), tail] : [body];
}

/** Parts beyond this (in all) are left to mailparser, which enforces its own limit. */
const MAX_PARTS = 100;
/** Multiparts nested deeper than this are left to mailparser. */
const MAX_NESTING = 3;
const TEXT_TYPES = new Set(['text/plain', 'text/html', 'message/delivery-status']);

/** Text and attachments in document order, as MailParser collects them walking the tree. */
interface PartsContent {
  texts: string[];
  attachments: ParsedMail['attachments'];
  parts: number;
}

/**
 * Adds the text and attachments of a multipart body to `content`, as mailsplit splits it and
 * MailParser reads the parts: a part's body ends before the line break in front of the next
 * delimiter, preamble and epilogue are dropped, text/plain and delivery-status parts are text,
 * HTML parts inside a multipart/alternative are skipped. `boundaries` are this multipart's and
 * its ancestors' (its own last). False, for mailparser to decide, on an HTML part outside
 * multipart/alternative (mailparser converts it), an embedded message, a part whose header block
 * does not end, a multipart that never closes, and a boundary that could be read as another.
 */
function readParts(body: Buffer, boundaries: Buffer[], alternative: boolean, content: PartsContent): boolean {
  const boundary = boundaries[boundaries.length - 1] as Buffer;
  const parts: { bytes: Buffer; lastPart: boolean }[] = [];
  let partStart = -1;
  let closed = false;
  for (let lineStart = 0; lineStart < body.length; ) {
    const lf = body.indexOf(0x0a, lineStart);
    const lineEnd = lf === -1 ? body.length : lf + 1;
    const delimiter = delimiterKind(body.subarray(lineStart, lineEnd), boundary);
    if (delimiter === 'unsure') return false;
    if (delimiter) {
      if (partStart >= 0)
        parts.push({ bytes: body.subarray(partStart, lineStart), lastPart: delimiter === 'close' });
      else if (delimiter === 'close') return false;
      if (delimiter === 'close') {
        closed = true;
        break;
      }
      partStart = lineEnd;
      if (++content.parts > MAX_PARTS) return false;
    }
    lineStart = lineEnd;
  }
  if (!closed || parts.length === 0) return false;

  for (const { bytes: part, lastPart } of parts) {
    const split = splitHeaderBlock(part, true);
    if (!split) return false;
    const lines = headerLines(split.head);
    if (!lines) return false;
    const reading = describePart(lines, false);
    if (!reading) return false;
    const { contentType } = reading;
    if (contentType.startsWith('multipart/')) {
      const inner = reading.boundary;
      if (!MULTIPART_TYPES.has(contentType) || !inner || boundaries.length >= MAX_NESTING) return false;
      if (boundaries.some((b) => b.includes(inner) || inner.includes(b))) return false;
      const nestedAlternative = alternative || contentType === 'multipart/alternative';
      if (!readParts(part.subarray(split.bodyStart), [...boundaries, inner], nestedAlternative, content))
        return false;
      continue;
    }
    if (contentType === 'message/rfc822') return false;
    if (!DECODED_ENCODINGS.has(reading.encoding)) return false;
    const partBody = partContent(part.subarray(split.bodyStart), lastPart);
    const chunks = partBody.length > 0 ? [partBody] : [];

    let disposition = reading.disposition;
    if (disposition && disposition !== 'attachment' && disposition !== 'inline') disposition = 'attachment';
    if (!disposition) disposition = TEXT_TYPES.has(contentType) ? 'inline' : 'attachment';
    if (TEXT_TYPES.has(contentType) && disposition === 'inline') {
      if (contentType === 'text/html') {
        // Converted to text by mailparser outside multipart/alternative.
        if (!alternative) return false;
        continue;
      }
      if (!readableCharset(reading.charset)) return false;
      const text = decodeText(reading, chunks);
      if (text) content.texts.push(text);
      continue;
    }
    const attachmentType =
      contentType === 'application/octet-stream' && reading.filename
        ? mime.detectMimeType(reading.filename) || 'application/octet-stream'
        : contentType;
    content.attachments.push({
      type: 'attachment',
      contentType: attachmentType,
      ...(reading.filename ? { filename: reading.filename } : {}),
      size: transferDecode(reading.encoding, chunks).length,
    } as ParsedMail['attachments'][number]);
  }
  return true;
}

/**
 * A part's body as mailsplit hands it on: the line break in front of the next delimiter belongs
 * to the delimiter. When that line break is all the body has, mailsplit still hands it on,
 * unless the delimiter is the closing one.
 */
function partContent(body: Buffer, lastPart: boolean): Buffer {
  let end = body.length;
  if (end > 0 && body[end - 1] === 0x0a) {
    end--;
    if (end > 0 && body[end - 1] === 0x0d) end--;
  }
  return end === 0 && !lastPart ? body : body.subarray(0, end);
}

/**
 * mailsplit's delimiter test for one line: "--boundary" or "--boundary--", then SP/HTAB, then
 * CR* LF or the end of input (closing delimiter only). A line opening with CR or LF that would
 * still match is left to mailparser ('unsure').
 */
function delimiterKind(line: Buffer, boundary: Buffer): 'next' | 'close' | 'unsure' | false {
  if (line.length < 4) return false;
  if (line[0] === 0x0d || line[0] === 0x0a) {
    const offset = line[0] === 0x0d && line[1] === 0x0a ? 2 : 1;
    return compareBoundary(line, offset, boundary) ? 'unsure' : false;
  }
  if (line[0] !== 0x2d || line[1] !== 0x2d) return false;
  return compareBoundary(line, 0, boundary);
}

function compareBoundary(line: Buffer, start: number, boundary: Buffer): 'next' | 'close' | false {
  if (line[start] !== 0x2d || line[start + 1] !== 0x2d) return false;
  if (line.length < boundary.length + 3 + start || line.length > boundary.length + 2 + 2 + 998 + 2 + start)
    return false;
  if (!line.subarray(start + 2, start + 2 + boundary.length).equals(boundary)) return false;
  let i = start + 2 + boundary.length;
  let kind: 'next' | 'close' = 'next';
  if (line[i] === 0x2d) {
    if (line[i + 1] !== 0x2d) return false;
    kind = 'close';
    i += 2;
  }
  while (i < line.length && (line[i] === 0x20 || line[i] === 0x09)) i++;
  if (i === line.length) return kind === 'close' ? kind : false;
  while (i < line.length && line[i] === 0x0d) i++;
  if (i < line.length && line[i] === 0x0a) i++;
  return i === line.length ? kind : false;
}

/** libbase64's Decoder stream over these chunks: whole quartets per chunk, the remainder at the end. */
function decodeBase64Stream(chunks: Buffer[]): Buffer {
  const out: Buffer[] = [];
  let carried = '';
  for (const chunk of chunks) {
    let b64 = carried + chunk.toString('latin1');
    carried = '';
    if (/[^a-zA-Z0-9+/=]/.test(b64)) b64 = b64.replace(/[^a-zA-Z0-9+/=]/g, '');
    let padded = '';
    const lastPad = b64.lastIndexOf('=');
    if (lastPad >= 0) {
      padded = b64.slice(0, lastPad + 1);
      b64 = b64.slice(lastPad + 1);
    }
    if (b64.length < 4) {
      carried = b64;
      b64 = '';
    } else if (b64.length % 4) {
      carried = b64.slice(-(b64.length % 4));
      b64 = b64.slice(0, b64.length - carried.length);
    }
    b64 = padded + b64;
    if (b64) out.push(libbase64.decode(b64));
  }
  if (carried) out.push(libbase64.decode(carried));
  return Buffer.concat(out);
}

/** MailParser.processHeaders, minus the List-* object (the adapter reads List-* raw). */
function processHeaders(lines: HeaderLine[]): Map<string, HeaderValue> {
  const headers = new Map<string, unknown[]>();
  for (const line of lines) {
    let key = line.key;
    if (key.startsWith('list-') || key === 'list') continue;
    const rawValue = (mime.decodeHeader(line.line).value || '').toString().trim();
    const text = Buffer.from(rawValue, 'latin1').toString();
    let value: unknown = text;
    switch (key) {
      case 'content-type':
      case 'content-disposition':
      case 'dkim-signature':
        value = structuredValue(text, key !== 'dkim-signature');
        break;
      case 'date': {
        const date = new Date(text);
        value = Number.isNaN(date.getTime()) ? new Date() : date;
        break;
      }
      case 'subject':
        value = decodeWordsOrKeep(text);
        break;
      case 'references':
        value = decodeWordsOrKeep(text)
          .split(/\s+/)
          .map(messageIdFormat)
          .filter((id) => id);
        break;
      case 'message-id':
      case 'in-reply-to':
        value = messageIdFormat(decodeWordsOrKeep(text));
        break;
      case 'priority':
      case 'x-priority':
      case 'x-msmail-priority':
      case 'importance':
        key = 'priority';
        value = priority(text);
        break;
    }
    // The same address parser and name decoding MailParser uses.
    if (ADDRESS_KEYS.has(key)) value = parseAddressHeader(text);
    if (!value) continue;
    const list = headers.get(key);
    if (!list) headers.set(key, ([] as unknown[]).concat(value));
    else if (Array.isArray(value)) list.push(...value);
    else list.push(value);
  }
  const result = new Map<string, HeaderValue>();
  for (const [key, values] of headers) {
    const single = (SINGLE_KEYS.has(key) && values.length > 0) || values.length === 1;
    result.set(key, (single ? values[0] : values) as HeaderValue);
  }
  return result;
}

function structuredValue(text: string, stripComments: boolean): unknown {
  const value = mime.parseHeaderValue(text, { stripComments });
  const rfc2231 = new Set(value.decodedParams);
  if (value.value) value.value = mime.decodeWords(value.value);
  for (const name of Object.keys(value.params || {})) {
    if (rfc2231.has(name)) continue;
    try {
      value.params[name] = mime.decodeWords(value.params[name]);
    } catch {
      // an unknown charset: keep the parameter as written
    }
  }
  return value;
}

function decodeWordsOrKeep(text: string): string {
  try {
    return mime.decodeWords(text);
  } catch {
    return text;
  }
}

function messageIdFormat(value: string): string | false {
  if (!value.length) return false;
  let id = value.charAt(0) === '<' ? value : `<${value}`;
  if (id.charAt(id.length - 1) !== '>') id += '>';
  return id;
}

function priority(text: string): string {
  const value = text.toLowerCase().trim();
  if (!Number.isNaN(Number.parseInt(value, 10))) {
    const level = Number.parseInt(value, 10) || 0;
    if (level === 3) return 'normal';
    return level > 3 ? 'low' : 'high';
  }
  if (value === 'non-urgent' || value === 'low') return 'low';
  if (value === 'urgent' || value === 'high') return 'high';
  return 'normal';
}
