import { createHmac } from 'node:crypto';

/**
 * A keyed hash of a caller's IP address: rate limits count per source without storing the address.
 * Its own module so that the link pages, which count guesses per source, do not carry the form's
 * classifier in their bundle.
 */
export function ipKeyOf(ip: string, secret: string): string {
  return createHmac('sha256', secret).update(`ip:${ip}`).digest('hex');
}
