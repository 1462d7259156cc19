import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  signUnsubscribe,
  type UnsubscribePayload,
  unsubscribeChange,
  verifyUnsubscribe,
} from '../../functions/core/consents/unsubscribe-link';
import { ConfigurationError, ValidationError } from '../../functions/core/errors';
import { subjectKeyOf } from '../../functions/core/request/subject-key';

const SECRET = 'current-secret-0123456789abcdef-0123456789';
const OLD_SECRET = 'previous-secret-0123456789abcdef-012345678';
const SUBJECT_KEY_SECRET = 'subject-key-secret-0123456789abcdef';

const anna = subjectKeyOf('anna.svensson@example.com', SUBJECT_KEY_SECRET);
const erik = subjectKeyOf('erik.nilsson@example.com', SUBJECT_KEY_SECRET);

const payload: UnsubscribePayload = {
  subjectKey: anna,
  purpose: 'newsletter',
  action: 'withdraw',
  issuedAt: '2026-01-15T07:00:00.000Z',
};

function decodePayload(token: string): Record<string, unknown> {
  const [encoded = ''] = token.split('.');
  return JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
}

function withPayload(token: string, wire: Record<string, unknown>): string {
  const [, signature] = token.split('.');
  return `${Buffer.from(JSON.stringify(wire)).toString('base64url')}.${signature}`;
}

describe('signUnsubscribe and verifyUnsubscribe', () => {
  it('round-trips a payload and says which key matched', () => {
    const token = signUnsubscribe(payload, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribe(token, SECRET)).toEqual({ ok: true, keyIndex: 0, payload });
  });

  it('carries no address in the token', () => {
    const token = signUnsubscribe(payload, SECRET);
    expect(JSON.stringify(decodePayload(token))).not.toContain('@');
  });

  it('keeps working for links in old newsletters (no expiry)', () => {
    const old = signUnsubscribe({ ...payload, issuedAt: '2019-03-01T00:00:00.000Z' }, SECRET);
    expect(verifyUnsubscribe(old, SECRET).ok).toBe(true);
  });

  it('accepts links signed with a rotated-out key that is still listed', () => {
    const token = signUnsubscribe(payload, OLD_SECRET);
    expect(verifyUnsubscribe(token, [SECRET, OLD_SECRET])).toEqual({ ok: true, keyIndex: 1, payload });
  });

  it('rejects a token signed with a secret no longer accepted', () => {
    const token = signUnsubscribe(payload, OLD_SECRET);
    expect(verifyUnsubscribe(token, [SECRET])).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects someone else’s subject key substituted into a genuine token', () => {
    const token = signUnsubscribe(payload, SECRET);
    const forged = withPayload(token, { ...decodePayload(token), k: erik });
    expect(verifyUnsubscribe(forged, SECRET)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a token whose action was changed from withdraw to object', () => {
    const token = signUnsubscribe(payload, SECRET);
    const forged = withPayload(token, { ...decodePayload(token), a: 'object' });
    expect(verifyUnsubscribe(forged, SECRET)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a token with a single altered signature character', () => {
    const token = signUnsubscribe(payload, SECRET);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const altered = `${token.slice(0, -2)}${last}${token.slice(-1)}`;
    expect(verifyUnsubscribe(altered, SECRET)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a non-canonical spelling of the signature', () => {
    const token = signUnsubscribe(payload, SECRET);
    // The last of 43 characters carries 2 spare bits: flipping one decodes to the same bytes.
    const lastChar = token.at(-1) ?? 'A';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(lastChar) ^ 1] ?? 'A';
    expect(verifyUnsubscribe(`${token.slice(0, -1)}${twin}`, SECRET)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('rejects a token forged with a guessed secret', () => {
    const encoded = Buffer.from(
      JSON.stringify({ v: 1, k: erik, p: 'newsletter', a: 'object', t: payload.issuedAt }),
    ).toString('base64url');
    const signature = createHmac('sha256', 'guess').update(encoded).digest('base64url');
    expect(verifyUnsubscribe(`${encoded}.${signature}`, SECRET)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it.each([
    ['empty', ''],
    ['no separator', 'abc'],
    ['three parts', 'a.b.c'],
    ['not base64url', 'ab+/.cd=='],
    ['short signature', `${Buffer.from('{}').toString('base64url')}.AAAA`],
    ['oversized', `${'A'.repeat(2000)}.${'A'.repeat(43)}`],
  ])('rejects a malformed token (%s)', (_label, token) => {
    expect(verifyUnsubscribe(token, SECRET)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('reports an unknown purpose only for a genuinely signed token', () => {
    // Signed as the code would sign it, for a purpose that has since left the list.
    const encoded = Buffer.from(
      JSON.stringify({ v: 1, k: anna, p: 'telemarketing', a: 'withdraw', t: payload.issuedAt }),
    ).toString('base64url');
    const signature = createHmac('sha256', SECRET)
      .update('privacy-desk/unsubscribe/v1.')
      .update(encoded)
      .digest('base64url');
    expect(verifyUnsubscribe(`${encoded}.${signature}`, SECRET)).toEqual({
      ok: false,
      reason: 'unknown_purpose',
    });
  });

  it('refuses to sign with a short secret or for a raw address', () => {
    expect(() => signUnsubscribe(payload, 'short')).toThrow(ConfigurationError);
    expect(() => verifyUnsubscribe('a.b', [])).toThrow(ConfigurationError);
    expect(() => signUnsubscribe({ ...payload, subjectKey: 'anna.svensson@example.com' }, SECRET)).toThrow(
      ValidationError,
    );
  });
});

describe('unsubscribeChange', () => {
  it('turns an objection link into an objection through the link channel', () => {
    expect(unsubscribeChange({ ...payload, action: 'object' }, '2026-05-04T10:00:00.000Z')).toEqual({
      purpose: 'newsletter',
      kind: 'objected',
      at: '2026-05-04T10:00:00.000Z',
      channel: 'link',
      evidence: { linkIssuedAt: '2026-01-15T07:00:00.000Z' },
    });
  });
});
