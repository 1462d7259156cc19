import { isRequestId } from '../request/request-id';

/** The privacy mailbox, e.g. gdpr@example.com, and its per-request reply addresses gdpr+<id>@. */
export interface Mailbox {
  local: string;
  domain: string;
}

export function parseMailbox(address: string): Mailbox {
  const at = address.lastIndexOf('@');
  return { local: address.slice(0, at).toLowerCase(), domain: address.slice(at + 1).toLowerCase() };
}

export function mailboxAddress(mailbox: Mailbox): string {
  return `${mailbox.local}@${mailbox.domain}`;
}

export function replyAddressFor(mailbox: Mailbox, requestId: string): string {
  return `${mailbox.local}+${requestId}@${mailbox.domain}`;
}

/**
 * Whether `recipient` is the mailbox, and which request a `+tag` names. Returns undefined for
 * any other address.
 */
export function matchMailbox(mailbox: Mailbox, recipient: string): { requestId?: string } | undefined {
  const { local, domain } = parseMailbox(recipient);
  if (domain !== mailbox.domain) return undefined;
  if (local === mailbox.local) return {};
  const prefix = `${mailbox.local}+`;
  if (!local.startsWith(prefix)) return undefined;
  const tag = recipient.slice(
    recipient.lastIndexOf('@') - (local.length - prefix.length),
    recipient.lastIndexOf('@'),
  );
  return isRequestId(tag.toUpperCase()) ? { requestId: tag.toUpperCase() } : {};
}
