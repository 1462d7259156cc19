import type { InboundMail } from './inbound-mail';

/**
 * How much of a mail's headers intake keeps. RFC 5322 lines stop at 998 characters, and real
 * subjects, ids and names are far shorter; a header past these limits is an attack or a broken
 * sender, and storing it would break the request item (DynamoDB's 400 KB) on every retry.
 */
export const HEADER_LIMITS = {
  valueChars: 4000,
  references: 200,
  recipients: 500,
  totalChars: 64_000,
} as const;

/** Whether every header intake stores or reads fits the limits; if not, staff read the raw mail. */
export function headersWithinLimits(mail: InboundMail): boolean {
  const { valueChars, references, recipients, totalChars } = HEADER_LIMITS;
  const values = [
    mail.subject,
    mail.messageId ?? '',
    mail.inReplyTo ?? '',
    mail.from?.address ?? '',
    mail.from?.name ?? '',
    mail.replyTo?.address ?? '',
    mail.replyTo?.name ?? '',
    ...mail.references,
    ...mail.to,
    ...mail.cc,
    ...Object.values(mail.headers),
  ];
  if (values.some((value) => value.length > valueChars)) return false;
  if (mail.references.length > references || mail.to.length + mail.cc.length > recipients) return false;
  return values.reduce((sum, value) => sum + value.length, 0) <= totalChars;
}
