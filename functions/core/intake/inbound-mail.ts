import type { ReplyLanguage, RequestType } from '../request/request';

/** A received mail reduced to what intake needs; built from raw MIME by the mail parser adapter. */
export interface InboundMail {
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  from?: MailAddress;
  /** Further addresses in From (RFC 5322 allows several): staff must see them all. */
  otherFrom?: MailAddress[];
  replyTo?: MailAddress;
  to: string[];
  cc: string[];
  subject: string;
  /** ISO date from the Date header, when present and valid. */
  date?: string;
  /** The body as plain text (converted from HTML for HTML-only mail). */
  text: string;
  /** Header values by lower-case name (first value), e.g. `auto-submitted`, `precedence`. */
  headers: Record<string, string>;
  attachments: AttachmentInfo[];
}

export interface MailAddress {
  address: string;
  name?: string;
}

export interface AttachmentInfo {
  filename?: string;
  contentType: string;
  size: number;
}

export const MAIL_CATEGORIES = [
  'request',
  'question',
  'security',
  'automated',
  'marketing',
  'unclear',
] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

/** The classifier's verdict on one mail or form text (ARCHITECTURE.md §9 contract, plus review flags). */
export interface Classification {
  category: MailCategory;
  types: RequestType[];
  /** Detected language (sv, nb, da, en, de, ... or `und`). */
  language: string;
  /** The language replies go out in: sv, nb or en (en as fallback). */
  replyLanguage: ReplyLanguage;
  /** The data subject's address: the sender, or another person the mail names. */
  subjectEmail?: string;
  /** The mail asks on behalf of someone else: staff must review the mandate. */
  onBehalf: boolean;
  confidence: number;
}
