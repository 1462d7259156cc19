import type { DsrRequest, Verdicts } from '../request/request';
import { normaliseEmail } from '../request/subject-key';
import type { InboundMail } from './inbound-mail';

/**
 * Whether a mail threaded onto a request is the requester's own: its From is the requester's
 * address and none of its mail checks (SPF, DKIM, DMARC) failed. Anyone who learns a request id
 * can write to `gdpr+<id>@`; such mail is kept and shown to staff as from another sender, and
 * nothing in the workflow acts on it.
 */
export function isFromRequester(
  mail: InboundMail | undefined,
  verdicts: Verdicts,
  request: Pick<DsrRequest, 'subjectEmail'>,
): boolean {
  const sender = mail?.from?.address ? normaliseEmail(mail.from.address) : undefined;
  if (!sender || sender !== normaliseEmail(request.subjectEmail)) return false;
  return verdicts.spf !== 'FAIL' && verdicts.dkim !== 'FAIL' && verdicts.dmarc !== 'FAIL';
}

/** What staff read on a threaded mail, from its audit detail (older events carry no verdict). */
export function threadedMailLabel(detail: Record<string, unknown> | undefined): string {
  return detail?.fromRequester === false ? 'Mail from another sender' : 'Reply from the requester';
}
