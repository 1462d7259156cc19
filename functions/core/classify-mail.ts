/**
 * Classifies an inbound mail or a web-form text: what it is (request, question, security report,
 * automated, marketing, unclear), which rights it invokes, its language and whose data it is about.
 * Pure: no I/O, deterministic, safe to run on any input.
 */

import { detectLanguage, replyLanguageFor } from './classify-language';
import { extractNewText } from './classify-new-text';
import { foldText } from './classify-normalise';
import {
  asksQuestion,
  automatedByBody,
  automatedByHeaders,
  automatedBySubject,
  bulkByHeaders,
  onBehalfOfAnother,
  pitchScore,
  securityReport,
} from './classify-signals';
import { findRequestTypes, TYPE_ORDER } from './classify-types';
import type { Classification, InboundMail, MailCategory } from './inbound-mail';
import type { RequestType } from './request';

/** Long mails are mostly pasted material; the ask is at the top. */
const MAX_TEXT = 20_000;
// Nordic Outlook writes SV: for replies and VS:/VB: for forwards.
const REPLY_PREFIX = /^\s*((re|sv|aw|antw|odp)\s*(\[\d+\])?\s*:\s*)+/i;
const FORWARD_PREFIX = /^\s*(fwd?|vb|vs|wg|tr)\s*:/i;
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

interface Parts {
  subject: string;
  body: string;
  headers: Record<string, string>;
  senderEmail?: string;
  /** Our own addresses (To, Cc): never the data subject. */
  recipients: readonly string[];
  /** Sender of the original in a bare forward: the request is theirs, not the forwarder's. */
  forwardedFrom?: string;
}

const FORWARDED_FROM =
  /^\s*\*?(from|från|fran|fra|von)\s*:\*?.*?([\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,})/imu;

export function classifyMail(mail: InboundMail): Classification {
  const text = mail.text.slice(0, MAX_TEXT);
  const body = extractNewText(text);
  const sender = mail.from?.address;
  const parts = {
    subject: mail.subject,
    headers: mail.headers,
    senderEmail: sender,
    recipients: [...mail.to, ...mail.cc],
  };
  if (body || !FORWARD_PREFIX.test(mail.subject)) return classifyParts({ ...parts, body });
  // A bare forward carries the request in the forwarded part.
  const forwarded = text.replace(/^\s*>+ ?/gm, '');
  const original = FORWARDED_FROM.exec(forwarded)?.[2]?.toLowerCase();
  const forwardedFrom = original && original !== sender?.toLowerCase() ? original : undefined;
  return classifyParts({ ...parts, body: forwarded, forwardedFrom });
}

export function classifyText(input: {
  subject?: string;
  text: string;
  senderEmail?: string;
}): Classification {
  return classifyParts({
    subject: input.subject ?? '',
    body: extractNewText(input.text.slice(0, MAX_TEXT)),
    headers: {},
    senderEmail: input.senderEmail,
    recipients: [],
  });
}

function classifyParts(parts: Parts): Classification {
  const subject = parts.subject.replace(REPLY_PREFIX, '');
  const isReply = subject.length !== parts.subject.length;
  const foldedSubject = foldText(subject);
  const foldedBody = foldText(parts.body);
  const all = `${foldedSubject}\n${foldedBody}`;

  const guess = detectLanguage(`${subject}\n${parts.body}`);
  const certainty = guess.language === 'und' ? 0 : guess.certainty;
  const sender = parts.senderEmail?.toLowerCase();

  const fromBody = findRequestTypes(foldedBody);
  // A reply's subject belongs to the old thread: it only counts when the new text says nothing.
  const subjectCounts = !isReply || (fromBody.types.length === 0 && !asksQuestion(foldedBody));
  const fromSubject = subjectCounts ? findRequestTypes(foldedSubject).types : [];
  const types = mergeTypes(fromBody.types, fromSubject);

  const onBehalf = parts.forwardedFrom !== undefined || onBehalfOfAnother(all);
  const base = {
    language: guess.language,
    replyLanguage: replyLanguageFor(guess.language, sender),
    subjectEmail: parts.forwardedFrom ?? (onBehalf ? (otherPersonsEmail(parts) ?? sender) : sender),
    onBehalf,
  };
  const verdict = (category: MailCategory, confidence: number, keepTypes = false): Classification => ({
    category,
    types: keepTypes ? types : [],
    ...base,
    confidence: round(Math.min(0.99, confidence)),
  });

  // Order matters: machine mail is never answered, whatever it quotes; vendors mention breaches and
  // deletion requests without asking for anything; a breach report outranks a request in the same
  // mail (the 72-hour clock of Art. 33), but keeps its types so staff see both.
  if (automatedByHeaders(parts.headers, sender)) return verdict('automated', 0.98);
  if (automatedBySubject(foldedSubject)) return verdict('automated', 0.9);
  if (bulkByHeaders(parts.headers)) return verdict('marketing', 0.95);
  const pitch = pitchScore(all);
  if (pitch >= 3 || (pitch >= 2 && types.length === 0)) return verdict('marketing', 0.5 + 0.1 * pitch);
  if (securityReport(all)) return verdict('security', 0.75 + 0.2 * certainty, true);
  if (types.length > 0) {
    const stated = fromBody.types.length > 0 ? 0.1 : 0.05;
    return verdict('request', 0.65 + 0.2 * certainty + stated - (onBehalf ? 0.05 : 0), true);
  }
  if (automatedByBody(foldedBody)) return verdict('automated', 0.75);
  if (asksQuestion(parts.body ? foldedBody : foldedSubject) && wordCount(all) >= 3) {
    return verdict('question', 0.55 + 0.25 * certainty);
  }
  return verdict('unclear', 0.2 + 0.15 * certainty);
}

function mergeTypes(a: readonly RequestType[], b: readonly RequestType[]): RequestType[] {
  const union = new Set([...a, ...b]);
  return TYPE_ORDER.filter((t) => union.has(t));
}

/** The first address in the text that is neither the sender's nor one of ours. */
function otherPersonsEmail(parts: Parts): string | undefined {
  const own = new Set([parts.senderEmail, ...parts.recipients].map((a) => a?.toLowerCase()));
  for (const match of `${parts.subject}\n${parts.body}`.matchAll(EMAIL)) {
    const address = match[0].toLowerCase().replace(/\.$/, '');
    if (!own.has(address)) return address;
  }
  return undefined;
}

function wordCount(text: string): number {
  return text.match(/[\p{L}]+/gu)?.length ?? 0;
}

function round(n: number): number {
  return Math.round(Math.max(0, n) * 100) / 100;
}
