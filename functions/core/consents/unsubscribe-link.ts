import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigurationError, ValidationError } from '../errors';
import { type ConsentChange, type ConsentPurpose, isConsentPurpose, isSubjectKey } from './consents';

/**
 * Signed one-click unsubscribe links (RFC 8058 `List-Unsubscribe-Post` and the footer link).
 *
 * Token = base64url(JSON payload) + "." + base64url(HMAC-SHA256(secret, domain tag + payload)).
 * The payload names the subject only by its subject key, never by address. Tokens do not expire:
 * a link in a newsletter from years ago must still stop the mail. Keys rotate instead: sign with
 * the newest secret, verify against every secret still accepted (newest first).
 */

export const UNSUBSCRIBE_ACTIONS = ['withdraw', 'object'] as const;
export type UnsubscribeAction = (typeof UNSUBSCRIBE_ACTIONS)[number];

export interface UnsubscribePayload {
  subjectKey: string;
  purpose: ConsentPurpose;
  action: UnsubscribeAction;
  /** When the link was minted (ISO 8601 UTC); evidence only, never an expiry. */
  issuedAt: string;
}

/**
 * Why a token was refused. A tampered token and one signed with a secret no longer accepted are
 * indistinguishable by design (both: `bad_signature`); `unknown_purpose` is a genuine token for a
 * purpose that has since been removed from the list.
 */
export type UnsubscribeRejection = 'malformed' | 'bad_signature' | 'unknown_purpose';

export type UnsubscribeVerification =
  | {
      ok: true;
      payload: UnsubscribePayload /** Index of the secret that matched: > 0 means an older key. */;
      keyIndex: number;
    }
  | { ok: false; reason: UnsubscribeRejection };

/** Separates these signatures from any other HMAC made with the same secret. */
const DOMAIN_TAG = 'privacy-desk/unsubscribe/v1.';
const TOKEN_VERSION = 1;
const MIN_SECRET_LENGTH = 32;
const MAX_TOKEN_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The wire form of the payload: short names keep the link short. */
interface WirePayload {
  v: number;
  k: string;
  p: string;
  a: string;
  t: string;
}

function checkedSecrets(secrets: string | readonly string[]): readonly string[] {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0) throw new ConfigurationError('no unsubscribe link secret configured');
  if (list.some((secret) => secret.length < MIN_SECRET_LENGTH)) {
    throw new ConfigurationError(`unsubscribe link secrets must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  return list;
}

function signatureOf(encodedPayload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(DOMAIN_TAG).update(encodedPayload).digest();
}

export function signUnsubscribe(payload: UnsubscribePayload, secret: string): string {
  const [signingSecret] = checkedSecrets(secret);
  if (signingSecret === undefined) throw new ConfigurationError('no unsubscribe link secret configured');
  if (!isSubjectKey(payload.subjectKey)) {
    throw new ValidationError('subjectKey must be a subject key, not an address', {
      subjectKey: 'not a subject key',
    });
  }
  if (!isConsentPurpose(payload.purpose)) {
    throw new ValidationError('unknown purpose', { purpose: 'not a consent purpose' });
  }
  if (!(UNSUBSCRIBE_ACTIONS as readonly string[]).includes(payload.action)) {
    throw new ValidationError('unknown action', {
      action: `must be one of: ${UNSUBSCRIBE_ACTIONS.join(', ')}`,
    });
  }
  const issuedAt = new Date(payload.issuedAt);
  if (Number.isNaN(issuedAt.getTime())) {
    throw new ValidationError('issuedAt must be an ISO date-time', { issuedAt: 'not a date-time' });
  }
  const wire: WirePayload = {
    v: TOKEN_VERSION,
    k: payload.subjectKey,
    p: payload.purpose,
    a: payload.action,
    t: issuedAt.toISOString(),
  };
  const encodedPayload = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  return `${encodedPayload}.${signatureOf(encodedPayload, signingSecret).toString('base64url')}`;
}

/** Decodes base64url only in its one canonical spelling, so a token has exactly one valid form. */
function decodeCanonical(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

function parseWirePayload(bytes: Buffer): WirePayload | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { v, k, p, a, t } = parsed as Record<string, unknown>;
  if (v !== TOKEN_VERSION || typeof k !== 'string' || typeof p !== 'string') return undefined;
  if (typeof a !== 'string' || typeof t !== 'string') return undefined;
  return { v, k, p, a, t };
}

/**
 * Checks a token against the accepted secrets (newest first). The signature is checked before
 * the payload is read, so nothing unsigned is ever interpreted.
 */
export function verifyUnsubscribe(
  token: string,
  secrets: string | readonly string[],
): UnsubscribeVerification {
  const accepted = checkedSecrets(secrets);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'malformed' };
  const [encodedPayload = '', encodedSignature = ''] = parts;
  const payloadBytes = decodeCanonical(encodedPayload);
  const signature = decodeCanonical(encodedSignature);
  if (payloadBytes === undefined || signature === undefined || signature.length !== 32) {
    return { ok: false, reason: 'malformed' };
  }

  // Every secret is tried, so the time taken does not reveal which one matched.
  let keyIndex = -1;
  accepted.forEach((secret, index) => {
    if (timingSafeEqual(signatureOf(encodedPayload, secret), signature) && keyIndex === -1) keyIndex = index;
  });
  if (keyIndex === -1) return { ok: false, reason: 'bad_signature' };

  const wire = parseWirePayload(payloadBytes);
  if (wire === undefined || !isSubjectKey(wire.k) || Number.isNaN(Date.parse(wire.t))) {
    return { ok: false, reason: 'malformed' };
  }
  if (!(UNSUBSCRIBE_ACTIONS as readonly string[]).includes(wire.a)) return { ok: false, reason: 'malformed' };
  if (!isConsentPurpose(wire.p)) return { ok: false, reason: 'unknown_purpose' };
  return {
    ok: true,
    keyIndex,
    payload: { subjectKey: wire.k, purpose: wire.p, action: wire.a as UnsubscribeAction, issuedAt: wire.t },
  };
}

/** The ledger change a verified link records: withdrawal or objection, through the `link` channel. */
export function unsubscribeChange(payload: UnsubscribePayload, at: string): ConsentChange {
  return {
    purpose: payload.purpose,
    kind: payload.action === 'withdraw' ? 'withdrawn' : 'objected',
    at,
    channel: 'link',
    evidence: { linkIssuedAt: payload.issuedAt },
  };
}

/**
 * What a link does when the sender does not say: the newsletter rests on consent, so unsubscribing
 * withdraws it; invitations rest on legitimate interests, so unsubscribing is an objection.
 */
export function defaultUnsubscribeAction(purpose: ConsentPurpose): UnsubscribeAction {
  return purpose === 'event_invitations' ? 'object' : 'withdraw';
}

export interface ListUnsubscribeInput {
  /** The public root of the HTTP API, e.g. `https://privacy.example.com` (https, or http on localhost). */
  publicBaseUrl: string;
  subjectKey: string;
  purpose: ConsentPurpose;
  /** Default: `defaultUnsubscribeAction(purpose)`. */
  action?: UnsubscribeAction;
  /** Accepted secrets, newest first (as in the `UnsubscribeSecrets` secret); the newest signs. */
  secrets: string | readonly string[];
  /** Mint time, kept in the token as evidence. */
  now: Date;
  /** A mailbox for mail clients without one-click support, e.g. `gdpr@example.com`. */
  mailto?: string;
}

export interface ListUnsubscribe {
  /** The signed link, also for the mail's footer. */
  url: string;
  /** RFC 2369 and RFC 8058 headers; DKIM must sign both for one-click to be honoured. */
  headers: { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The unsubscribe link and one-click headers for one newsletter or invitation mail to one
 * subject, for the company's own senders. Pure: the caller supplies the clock and secrets.
 */
export function listUnsubscribe(input: ListUnsubscribeInput): ListUnsubscribe {
  const [secret] = checkedSecrets(input.secrets);
  if (secret === undefined) throw new ConfigurationError('no unsubscribe link secret configured');
  const base = URL.canParse(input.publicBaseUrl) ? new URL(input.publicBaseUrl) : undefined;
  if (
    !base ||
    !(base.protocol === 'https:' || (base.protocol === 'http:' && LOCAL_HOSTS.has(base.hostname)))
  ) {
    throw new ConfigurationError('publicBaseUrl must be an https URL (RFC 8058 requires HTTPS)');
  }
  const token = signUnsubscribe(
    {
      subjectKey: input.subjectKey,
      purpose: input.purpose,
      action: input.action ?? defaultUnsubscribeAction(input.purpose),
      issuedAt: input.now.toISOString(),
    },
    secret,
  );
  const url = new URL(`${base.pathname.replace(/\/+$/, '')}/unsubscribe`, base);
  url.searchParams.set('t', token);
  const targets = [`<${url.href}>`];
  if (input.mailto !== undefined) {
    if (!/^[^\s<>@,?]+@[^\s<>@,?]+$/.test(input.mailto)) {
      throw new ValidationError('mailto must be a plain address', { mailto: 'not an address' });
    }
    targets.push(`<mailto:${input.mailto}?subject=unsubscribe>`);
  }
  return {
    url: url.href,
    headers: {
      'List-Unsubscribe': targets.join(', '),
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
