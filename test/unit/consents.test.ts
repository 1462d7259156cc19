import { describe, expect, it } from 'vitest';
import {
  applyChange,
  assertChangeAllowed,
  assertSubjectKey,
  type ConsentChange,
  deriveState,
  isConsentInForce,
  ObjectionInForceError,
  parseConsentChange,
} from '../../functions/core/consents/consents';
import { ValidationError } from '../../functions/core/errors';
import { subjectKeyOf } from '../../functions/core/request/subject-key';

const given = (at: string, extra: Partial<ConsentChange> = {}): ConsentChange => ({
  purpose: 'newsletter',
  kind: 'given',
  at,
  channel: 'form',
  textVersion: 'newsletter-sv-2026-01',
  ...extra,
});
const withdrawn = (at: string, extra: Partial<ConsentChange> = {}): ConsentChange => ({
  purpose: 'newsletter',
  kind: 'withdrawn',
  at,
  channel: 'link',
  ...extra,
});
const objected = (at: string, extra: Partial<ConsentChange> = {}): ConsentChange => ({
  purpose: 'newsletter',
  kind: 'objected',
  at,
  channel: 'mail',
  ...extra,
});

describe('applyChange', () => {
  it('gives consent from nothing, with the text version agreed to', () => {
    const state = applyChange(undefined, given('2026-01-10T08:00:00.000Z'));
    expect(state).toEqual({
      purpose: 'newsletter',
      status: 'given',
      since: '2026-01-10T08:00:00.000Z',
      version: 1,
      lastChangeAt: '2026-01-10T08:00:00.000Z',
      textVersion: 'newsletter-sv-2026-01',
    });
    expect(isConsentInForce(state)).toBe(true);
  });

  it('keeps the original since when consent is re-affirmed to a newer text', () => {
    const first = applyChange(undefined, given('2026-01-10T08:00:00.000Z'));
    const again = applyChange(
      first,
      given('2026-03-01T08:00:00.000Z', { textVersion: 'newsletter-sv-2026-03' }),
    );
    expect(again).toMatchObject({ status: 'given', since: '2026-01-10T08:00:00.000Z', version: 2 });
    expect(again.textVersion).toBe('newsletter-sv-2026-03');
  });

  it('withdraws given consent from the moment of withdrawal', () => {
    const state = applyChange(
      applyChange(undefined, given('2026-01-10T08:00:00.000Z')),
      withdrawn('2026-02-01T00:00:00.000Z'),
    );
    expect(state).toMatchObject({ status: 'withdrawn', since: '2026-02-01T00:00:00.000Z', version: 2 });
    expect(isConsentInForce(state)).toBe(false);
  });

  it('records a withdrawal of consent never given without inventing a status', () => {
    const state = applyChange(undefined, withdrawn('2026-02-01T00:00:00.000Z'));
    expect(state).toMatchObject({ status: 'none', version: 1, lastChangeAt: '2026-02-01T00:00:00.000Z' });
    expect(state.since).toBeUndefined();
  });

  it('never weakens an objection to a withdrawal', () => {
    const state = applyChange(
      applyChange(undefined, objected('2026-02-01T00:00:00.000Z')),
      withdrawn('2026-02-02T00:00:00.000Z'),
    );
    expect(state).toMatchObject({ status: 'objected', since: '2026-02-01T00:00:00.000Z', version: 2 });
  });

  it('keeps an objection in force against consent entered by staff or an import', () => {
    const objection = applyChange(undefined, objected('2026-02-01T00:00:00.000Z'));
    for (const channel of ['staff', 'api'] as const) {
      const state = applyChange(
        objection,
        given('2026-03-01T00:00:00.000Z', { channel, evidence: { ticket: 'T-1' } }),
      );
      expect(state.status).toBe('objected');
      expect(state.version).toBe(2);
    }
  });

  it('keeps an objection in force against a form consent without evidence', () => {
    const objection = applyChange(undefined, objected('2026-02-01T00:00:00.000Z'));
    expect(applyChange(objection, given('2026-03-01T00:00:00.000Z')).status).toBe('objected');
  });

  it('lets the subject lift an objection with explicit new consent and evidence', () => {
    const objection = applyChange(undefined, objected('2026-02-01T00:00:00.000Z'));
    const state = applyChange(
      objection,
      given('2026-03-01T00:00:00.000Z', { evidence: { formSubmissionId: 'f-42' } }),
    );
    expect(state).toMatchObject({ status: 'given', since: '2026-03-01T00:00:00.000Z', version: 2 });
  });

  it('refuses to apply a change of another purpose', () => {
    const state = applyChange(undefined, given('2026-01-10T08:00:00.000Z'));
    expect(() =>
      applyChange(state, { ...withdrawn('2026-02-01T00:00:00.000Z'), purpose: 'event_invitations' }),
    ).toThrow(ValidationError);
  });
});

describe('assertChangeAllowed', () => {
  const objection = applyChange(undefined, objected('2026-02-01T00:00:00.000Z'));

  it('refuses consent from staff after an objection, naming the purpose', () => {
    const attempt = () =>
      assertChangeAllowed(objection, given('2026-03-01T00:00:00.000Z', { channel: 'staff' }));
    expect(attempt).toThrow(ObjectionInForceError);
    expect(attempt).toThrow(/newsletter/);
  });

  it('allows the subject’s own consent with evidence after an objection', () => {
    expect(() =>
      assertChangeAllowed(
        objection,
        given('2026-03-01T00:00:00.000Z', { channel: 'mail', evidence: { messageIdHash: 'ab' } }),
      ),
    ).not.toThrow();
  });

  it('allows recording a consent that predates the objection', () => {
    expect(() =>
      assertChangeAllowed(objection, given('2026-01-01T00:00:00.000Z', { channel: 'staff' })),
    ).not.toThrow();
  });
});

describe('deriveState', () => {
  it('is undefined for an empty history', () => {
    expect(deriveState([])).toBeUndefined();
  });

  it('folds the history in time order whatever order it arrives in', () => {
    const history = [
      withdrawn('2026-03-01T00:00:00.000Z'),
      given('2026-01-01T00:00:00.000Z'),
      given('2026-02-01T00:00:00.000Z', { textVersion: 'newsletter-sv-2026-02' }),
    ];
    expect(deriveState(history)).toMatchObject({
      status: 'withdrawn',
      since: '2026-03-01T00:00:00.000Z',
      version: 3,
      lastChangeAt: '2026-03-01T00:00:00.000Z',
      textVersion: 'newsletter-sv-2026-02',
    });
  });

  it('lets the more protective change win at the same instant', () => {
    const at = '2026-03-01T00:00:00.000Z';
    expect(deriveState([withdrawn(at), given(at)])?.status).not.toBe('given');
    expect(deriveState([objected(at), given(at, { evidence: { form: 'x' } })])?.status).toBe('objected');
  });

  it('refuses a history that mixes purposes', () => {
    expect(() =>
      deriveState([
        given('2026-01-01T00:00:00.000Z'),
        { ...withdrawn('2026-02-01T00:00:00.000Z'), purpose: 'event_invitations' },
      ]),
    ).toThrow(ValidationError);
  });
});

describe('parseConsentChange', () => {
  const now = new Date('2026-05-04T10:00:00.000Z');

  it('normalises the time to UTC with milliseconds so stored keys sort in time order', () => {
    const change = parseConsentChange(
      { purpose: 'event_invitations', kind: 'withdrawn', channel: 'link', at: '2026-05-04T11:30:00+02:00' },
      now,
    );
    expect(change.at).toBe('2026-05-04T09:30:00.000Z');
  });

  it('dates a change without a time at now', () => {
    const change = parseConsentChange({ purpose: 'newsletter', kind: 'objected', channel: 'mail' }, now);
    expect(change.at).toBe(now.toISOString());
  });

  it('names the allowed purposes when the purpose is unknown', () => {
    const attempt = () =>
      parseConsentChange(
        { purpose: 'telemarketing', kind: 'given', channel: 'form', textVersion: 'v1' },
        now,
      );
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).fields.purpose).toBe(
        'must be one of: newsletter, event_invitations, crm_contact_storage, candidate_data_retention',
      );
    }
  });

  it('requires the text version when consent is given', () => {
    expect(() => parseConsentChange({ purpose: 'newsletter', kind: 'given', channel: 'form' }, now)).toThrow(
      /textVersion is required when consent is given/,
    );
  });

  it('reports every missing field', () => {
    try {
      parseConsentChange({}, now);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).fields).toMatchObject({
        purpose: 'is required',
        kind: 'is required',
        channel: 'is required',
      });
    }
  });

  it('refuses a change dated in the future, which would block every later one', () => {
    expect(() =>
      parseConsentChange(
        { purpose: 'newsletter', kind: 'withdrawn', channel: 'link', at: '2026-06-01T00:00:00Z' },
        now,
      ),
    ).toThrow(/future/);
  });

  it('refuses a time without a zone', () => {
    expect(() =>
      parseConsentChange(
        { purpose: 'newsletter', kind: 'withdrawn', channel: 'link', at: '2026-05-01T00:00:00' },
        now,
      ),
    ).toThrow(/at must be an ISO 8601 date-time/);
  });
});

describe('assertSubjectKey', () => {
  it('accepts an HMAC subject key and refuses a raw address', () => {
    expect(() => assertSubjectKey(subjectKeyOf('Anna@Example.com', 'k'.repeat(32)))).not.toThrow();
    expect(() => assertSubjectKey('anna@example.com')).toThrow(ValidationError);
  });
});
