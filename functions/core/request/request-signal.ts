/**
 * Whether a mail asks for something, whatever the classifier's verdict on it: the request types
 * its own words name, and whether a machine certainly sent it. Intake uses it so that a mail that
 * reads like a newsletter or carries "Out of office" in its subject, yet asks for a right, still
 * becomes a request.
 */
import { extractNewText } from '../intake/classify/classify-new-text';
import { foldText } from '../intake/classify/classify-normalise';
import { automatedByHeaders, bulkByHeaders } from '../intake/classify/classify-signals';
import { findRequestTypes } from '../intake/classify/classify-types';
import type { InboundMail } from '../intake/inbound-mail';
import type { RequestType } from './request';

/** Long mails are mostly pasted material; the ask is at the top (as the classifier reads them). */
const MAX_TEXT = 20_000;
const REPLY_PREFIX = /^\s*((re|sv|aw|antw|odp)\s*(\[\d+\])?\s*:\s*)+/i;

export interface RequestSignal {
  /** Rights the mail's new text (or, failing that, its subject) asks for. */
  types: RequestType[];
  /** Rights the new text alone asks for: in a reply to our mail, the subject is our own words. */
  fromText: RequestType[];
  /** Header evidence that a machine or a mailing list sent it: no person asks in such a mail. */
  machineSent: boolean;
}

export function requestSignalOf(mail: InboundMail): RequestSignal {
  const sender = mail.from?.address?.toLowerCase();
  const machineSent = automatedByHeaders(mail.headers, sender) || bulkByHeaders(mail.headers);
  const body = findRequestTypes(foldText(extractNewText(mail.text.slice(0, MAX_TEXT)))).types;
  // A reply's subject names the old thread's request; it only counts when the new text is silent.
  const subject = findRequestTypes(foldText(mail.subject.replace(REPLY_PREFIX, ''))).types;
  const isReply = REPLY_PREFIX.test(mail.subject);
  const types = body.length > 0 || isReply ? body : subject;
  return { types, fromText: body, machineSent };
}
