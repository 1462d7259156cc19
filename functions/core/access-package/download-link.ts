import { createHmac, timingSafeEqual } from 'node:crypto';
import { addDaysToInstant } from '../calendar/calendar-date';

/**
 * The access package's download link (ARCHITECTURE.md §6): `<base>/download/<requestId>?t=<token>`,
 * where the token is `<expiry in epoch seconds>.<HMAC-SHA256 over request id and expiry>`.
 * Nothing is stored per link: a tampered id, expiry or signature fails the check, and a link
 * stops working at its expiry whatever else happens. The download also needs the request's
 * verification to have succeeded (checked by the route, not by the token).
 */

export const DEFAULT_DOWNLOAD_LINK_DAYS = 7;

export interface DownloadLink {
  url: string;
  token: string;
  /** ISO instant after which the link no longer works. */
  expiresAt: string;
}

export type TokenCheck =
  | { ok: true; expiresAt: string }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

function signature(requestId: string, expiresEpoch: number, secret: string): string {
  return createHmac('sha256', secret).update(`download\n${requestId}\n${expiresEpoch}`).digest('base64url');
}

export function downloadToken(requestId: string, expiresAt: Date, secret: string): string {
  const expiresEpoch = Math.floor(expiresAt.getTime() / 1000);
  return `${expiresEpoch}.${signature(requestId, expiresEpoch, secret)}`;
}

/** A fresh link valid for `days` from `now`. */
export function downloadLink(
  baseUrl: string,
  requestId: string,
  now: Date,
  secret: string,
  days: number = DEFAULT_DOWNLOAD_LINK_DAYS,
): DownloadLink {
  // Whole seconds, so the instant in the mail is exactly the one the token carries.
  const expires = new Date(Math.floor(addDaysToInstant(now, days).getTime() / 1000) * 1000);
  const token = downloadToken(requestId, expires, secret);
  return {
    url: `${baseUrl.replace(/\/+$/, '')}/download/${encodeURIComponent(requestId)}?t=${encodeURIComponent(token)}`,
    token,
    expiresAt: expires.toISOString(),
  };
}

/** Checks a token for a request: well-formed, signed with the secret for this request, unexpired. */
export function checkDownloadToken(
  requestId: string,
  token: string | undefined,
  secret: string,
  now: Date,
): TokenCheck {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!match?.[1] || !match[2]) return { ok: false, reason: 'malformed' };
  const expiresEpoch = Number(match[1]);
  const expected = Buffer.from(signature(requestId, expiresEpoch, secret));
  const given = Buffer.from(match[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'bad_signature' };
  if (now.getTime() >= expiresEpoch * 1000) return { ok: false, reason: 'expired' };
  return { ok: true, expiresAt: new Date(expiresEpoch * 1000).toISOString() };
}
