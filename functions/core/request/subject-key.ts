import { createHmac } from 'node:crypto';

/** Lower-cases and trims an address; plus-tags are kept (they may be distinct mailboxes). */
export function normaliseEmail(address: string): string {
  return address.trim().toLowerCase();
}

/** A stable, non-reversible key for a subject: HMAC-SHA256 of the normalised address (ARCHITECTURE.md §3). */
export function subjectKeyOf(address: string, secret: string): string {
  return createHmac('sha256', secret).update(normaliseEmail(address)).digest('hex');
}
