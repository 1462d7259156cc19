/**
 * Raw MIME to InboundMail: mail of a common structure read directly (parse-simple-mail.ts, the
 * same result without streams), everything else with mailparser. Never throws: odd charsets,
 * missing headers and binary junk give the best reading possible (empty strings and arrays where
 * nothing is there).
 * Attachments are listed by name, type and size only; their content is never kept.
 */
import { type AddressObject, type HeaderValue, type ParsedMail, simpleParser } from 'mailparser';
import type { InboundMail, MailAddress } from '../core/intake/inbound-mail';
import { parseSimpleMail } from './parse-simple-mail';

/** How simpleParser is called here (the throughput bench times raw mailparser with the same). */
export const PARSER_OPTIONS = {
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  // Big enough for newsletters; beyond it we strip tags ourselves.
  maxHtmlLengthToParse: 2_000_000,
} as const;

const KNOWN_HEADER =
  /^(from|to|cc|subject|date|message-id|mime-version|content-type|received|return-path|reply-to|delivered-to|x-[\w-]+|dkim-signature|auto-submitted|in-reply-to|references|sender)\s*:/im;

/** True when the input starts with an RFC 5322 header block that names at least one known header. */
export function isProbablyMime(raw: Buffer | string): boolean {
  const text = typeof raw === 'string' ? raw : raw.subarray(0, 64 * 1024).toString('latin1');
  // A byte-order mark (as text, or as UTF-8 bytes read as latin1) may precede the headers.
  const head = text.slice(0, 64 * 1024).replace(/^(\uFEFF|\u00EF\u00BB\u00BF)/, '');
  const end = head.search(/\r?\n\r?\n/);
  const block = end === -1 ? head : head.slice(0, end);
  // An mbox "From sender date" line may precede the headers.
  const lines = block.split(/\r?\n/).filter((l, i) => l.length > 0 && !(i === 0 && l.startsWith('From ')));
  if (lines.length === 0) return false;
  const headerLike = lines.every((l) => /^[!-9;-~]+:/.test(l) || /^[ \t]/.test(l));
  return headerLike && KNOWN_HEADER.test(block);
}

export function parseMail(raw: Buffer | string): Promise<InboundMail> {
  return readMail(raw, true);
}

/** The same reading with simpleParser for every mail: what the direct path must match. */
export function parseMailWithMailparser(raw: Buffer | string): Promise<InboundMail> {
  return readMail(raw, false);
}

async function readMail(raw: Buffer | string, direct: boolean): Promise<InboundMail> {
  if (!isProbablyMime(raw)) return bodyOnly(raw);
  const input = withoutByteOrderMark(raw);
  if (direct) {
    try {
      // Most mail has a simple structure: read it directly, without simpleParser's stream hops.
      const simple = parseSimpleMail(typeof input === 'string' ? Buffer.from(input) : input);
      if (simple) return toInboundMail(simple);
    } catch {
      // whatever the direct reading trips on, simpleParser decides
    }
  }
  try {
    return toInboundMail(await simpleParser(input, PARSER_OPTIONS));
  } catch {
    return bodyOnly(raw);
  }
}

function withoutByteOrderMark(raw: Buffer | string): Buffer | string {
  if (typeof raw === 'string') return raw.replace(/^\uFEFF/, '');
  return raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? raw.subarray(3) : raw;
}

function toInboundMail(parsed: ParsedMail): InboundMail {
  const [from, ...otherFrom] = allAddresses(parsed.from);
  const [replyTo] = allAddresses(parsed.replyTo);
  return {
    messageId: nonEmpty(parsed.messageId),
    inReplyTo: nonEmpty(parsed.inReplyTo),
    references: toArray(parsed.references),
    ...(from ? { from } : {}),
    ...(otherFrom.length > 0 ? { otherFrom } : {}),
    ...(replyTo ? { replyTo } : {}),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? '',
    date: validIso(parsed.date),
    text: bodyText(parsed),
    headers: headerMap(parsed),
    attachments: parsed.attachments.map((a) => ({
      ...(a.filename ? { filename: a.filename } : {}),
      contentType: a.contentType || 'application/octet-stream',
      size: a.size ?? a.content?.length ?? 0,
    })),
  };
}

function bodyText(parsed: ParsedMail): string {
  if (parsed.text?.trim()) return parsed.text.trim();
  if (typeof parsed.html === 'string') return htmlToPlain(parsed.html);
  return '';
}

/** Last resort for HTML the parser did not convert: blocks become lines, tags go, entities decode. */
function htmlToPlain(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<(br|\/p|\/div|\/li|\/tr|\/h\d)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n\s*/g, '\n\n')
    .trim();
}

/** Header values by lower-case name, the first occurrence, in readable string form. */
function headerMap(parsed: ParsedMail): Record<string, string> {
  const map: Record<string, string> = {};
  // Raw lines first: mailparser folds List-* headers into one `list` object, and we want each.
  for (const { key, line } of parsed.headerLines) {
    const name = key.toLowerCase();
    if (name in map) continue;
    const colon = line.indexOf(':');
    map[name] = (colon === -1 ? '' : line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, ' ').trim();
  }
  // Decoded values where mailparser has them (encoded words, dates, addresses, parameters).
  for (const [name, value] of parsed.headers) {
    if (name === 'list') continue;
    const text = headerValueText(value);
    if (text !== undefined) map[name] = text;
  }
  return map;
}

function headerValueText(value: HeaderValue): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return undefined;
  if (typeof first === 'string') return first;
  if (first instanceof Date) return validIso(first);
  if (typeof first === 'object') {
    const o = first as { text?: unknown; value?: unknown; params?: Record<string, string> };
    if (typeof o.text === 'string') return o.text; // address
    if (typeof o.value === 'string') {
      const params = Object.entries(o.params ?? {}).map(([k, v]) => `; ${k}=${v}`);
      return `${o.value}${params.join('')}`;
    }
  }
  return undefined;
}

/** Every distinct address of a field, in order (groups opened). */
function allAddresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const found: MailAddress[] = [];
  for (const object of toList(field)) {
    for (const entry of object.value) {
      for (const c of entry.group ?? [entry]) {
        if (!c.address || found.some((f) => f.address.toLowerCase() === c.address?.toLowerCase())) continue;
        found.push(c.name ? { address: c.address, name: c.name } : { address: c.address });
      }
    }
  }
  return found;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const out: string[] = [];
  for (const object of toList(field)) {
    for (const entry of object.value) {
      for (const c of entry.group ?? [entry]) if (c.address) out.push(c.address);
    }
  }
  return out;
}

function toList<T>(v: T | T[] | undefined): T[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function toArray(v: string | string[] | undefined): string[] {
  return toList(v)
    .flatMap((s) => s.split(/\s+/))
    .filter((s) => s.length > 0);
}

function nonEmpty(s: string | undefined): string | undefined {
  return s?.trim() ? s.trim() : undefined;
}

function validIso(d: Date | undefined): string | undefined {
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

/** Input without a header block: keep whatever readable text it has as the body. */
function bodyOnly(raw: Buffer | string): InboundMail {
  const text = (typeof raw === 'string' ? raw : raw.toString('utf8'))
    .slice(0, 1_000_000)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g, '')
    .trim();
  return { references: [], to: [], cc: [], subject: '', text, headers: {}, attachments: [] };
}
