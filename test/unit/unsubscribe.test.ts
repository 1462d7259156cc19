import { describe, expect, it } from 'vitest';
import { unsubscribe } from '../../functions/core/consents/unsubscribe';
import {
  listUnsubscribe,
  signUnsubscribe,
  verifyUnsubscribe,
} from '../../functions/core/consents/unsubscribe-link';
import { ConfigurationError } from '../../functions/core/errors';
import { subjectKeyOf } from '../../functions/core/request/subject-key';
import {
  invalidUnsubscribePage,
  unsubscribeConfirmPage,
  unsubscribedPage,
} from '../../functions/pages/unsubscribe-page';
import { MemoryConsentLedger } from '../support/memory-consent-ledger';

const SECRETS = ['newest-unsubscribe-secret-0123456789abcdef', 'older-unsubscribe-secret-0123456789abcdef'];
const SUBJECT = subjectKeyOf('lena@example.com', 'unit-subject-key-secret-0123456789abcdef');
const NOW = new Date('2026-05-04T09:30:00.000Z');

describe('listUnsubscribe', () => {
  it('gives the RFC 8058 headers with a link signed by the newest secret', () => {
    const { url, headers } = listUnsubscribe({
      publicBaseUrl: 'https://privacy.example.com/',
      subjectKey: SUBJECT,
      purpose: 'newsletter',
      secrets: SECRETS,
      now: NOW,
      mailto: 'gdpr@example.com',
    });
    expect(headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(headers['List-Unsubscribe']).toBe(`<${url}>, <mailto:gdpr@example.com?subject=unsubscribe>`);
    const token = new URL(url).searchParams.get('t') ?? '';
    expect(new URL(url).pathname).toBe('/unsubscribe');
    expect(verifyUnsubscribe(token, SECRETS)).toMatchObject({
      ok: true,
      keyIndex: 0,
      payload: { purpose: 'newsletter', action: 'withdraw', issuedAt: NOW.toISOString() },
    });
    expect(url).not.toContain('lena');
  });

  it('makes invitations an objection and refuses a plain-http link outside localhost', () => {
    const base = { subjectKey: SUBJECT, secrets: SECRETS, now: NOW } as const;
    const { url } = listUnsubscribe({
      ...base,
      publicBaseUrl: 'http://127.0.0.1:3000',
      purpose: 'event_invitations',
    });
    const token = new URL(url).searchParams.get('t') ?? '';
    expect(verifyUnsubscribe(token, SECRETS)).toMatchObject({ payload: { action: 'object' } });
    expect(() =>
      listUnsubscribe({ ...base, publicBaseUrl: 'http://example.com', purpose: 'newsletter' }),
    ).toThrow(ConfigurationError);
  });
});

describe('unsubscribe', () => {
  const token = signUnsubscribe(
    { subjectKey: SUBJECT, purpose: 'newsletter', action: 'withdraw', issuedAt: '2026-01-01T00:00:00.000Z' },
    SECRETS[1] ?? '',
  );

  it('withdraws once, however often the link is posted, and again after re-subscribing', async () => {
    let clock = new Date(NOW);
    const ledger = new MemoryConsentLedger(() => clock);
    const deps = { ledger, secrets: SECRETS, now: () => clock };
    const signUp = {
      purpose: 'newsletter' as const,
      kind: 'given' as const,
      channel: 'form' as const,
      textVersion: 'nl-1',
      evidence: { form: 'f-1' },
    };
    await ledger.record(SUBJECT, { ...signUp, at: '2026-02-01T00:00:00.000Z' });
    expect(await unsubscribe(token, deps)).toMatchObject({ ok: true, status: 'withdrawn', recorded: true });
    expect(await unsubscribe(token, deps)).toMatchObject({ ok: true, status: 'withdrawn', recorded: false });
    clock = new Date(NOW.getTime() + 60_000);
    await ledger.record(SUBJECT, { ...signUp, at: clock.toISOString() });
    clock = new Date(NOW.getTime() + 120_000);
    expect(await unsubscribe(token, deps)).toMatchObject({ ok: true, recorded: true });
    expect((await ledger.history(SUBJECT)).map((c) => [c.kind, c.channel])).toEqual([
      ['given', 'form'],
      ['withdrawn', 'link'],
      ['given', 'form'],
      ['withdrawn', 'link'],
    ]);
  });

  it('records nothing for an altered token', async () => {
    const ledger = new MemoryConsentLedger(() => NOW);
    const altered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}A`;
    expect(await unsubscribe(altered, { ledger, secrets: SECRETS, now: () => NOW })).toMatchObject({
      ok: false,
    });
    expect(ledger.changes.size).toBe(0);
  });
});

describe('unsubscribe pages', () => {
  it('asks before acting, in the chosen language, posting back to the same link', () => {
    const html = unsubscribeConfirmPage('nb', 'a.b', 'newsletter', 'withdraw');
    expect(html).toContain('lang="nb"');
    expect(html).toContain('nyhetsbrevet vårt');
    expect(html).toContain('method="post" action="/unsubscribe?t=a.b&amp;lang=nb"');
  });

  it('confirms and refuses in Swedish and English', () => {
    expect(unsubscribedPage('sv', 'event_invitations', 'object')).toContain(
      'Vi har registrerat din invändning',
    );
    expect(invalidUnsubscribePage('en')).toContain('Nothing has been recorded');
  });
});
