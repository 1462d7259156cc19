import { describe, expect, it } from 'vitest';
import {
  consentScopeOf,
  consentScopeOfMail,
  effectiveScope,
} from '../../functions/core/consents/consent-scope';
import type { RequestType } from '../../functions/core/request/request';

const objection: RequestType[] = ['objection'];
const withdrawal: RequestType[] = ['withdraw_consent'];

describe('consentScopeOf', () => {
  it('Art. 21(2): reads an unsubscribe that names no list as every direct-marketing purpose', () => {
    expect(consentScopeOf(objection, 'Avregistrera mig, tack.')).toEqual({
      marketing: ['newsletter', 'event_invitations'],
      general: false,
      withdraw: [],
    });
    expect(consentScopeOf(objection, 'Please stop sending me marketing emails')?.marketing).toHaveLength(2);
  });

  it('Art. 21(2): reads a named list as that list only', () => {
    expect(consentScopeOf(objection, 'Jeg vil ikke lenger motta nyhetsbrevet.')).toEqual({
      marketing: ['newsletter'],
      general: false,
      withdraw: [],
    });
    expect(
      consentScopeOf(objection, 'Jag invänder mot att ni använder mina uppgifter för nyhetsbrevet.'),
    ).toEqual({
      marketing: ['newsletter'],
      general: false,
      withdraw: [],
    });
    expect(consentScopeOf(objection, 'No more event invitations, please.')?.marketing).toEqual([
      'event_invitations',
    ]);
  });

  it('Art. 21(1): reads an objection to profiling or analytics as one for staff, not a marketing objection', () => {
    expect(
      consentScopeOf(
        objection,
        'Jag invänder mot att ni använder mina uppgifter för profilering och analys.',
      ),
    ).toEqual({ marketing: [], general: true, withdraw: [] });
    expect(consentScopeOf(objection, 'I object to the tracking in your website logs.')?.general).toBe(true);
  });

  it('Art. 21: reads an objection that says nothing about what as both: marketing stops, staff weigh the rest', () => {
    expect(consentScopeOf(objection, 'I object.')).toEqual({
      marketing: ['newsletter', 'event_invitations'],
      general: true,
      withdraw: [],
    });
  });

  it('Art. 7(3): reads which consent a withdrawal names, and none when it names none', () => {
    expect(consentScopeOf(withdrawal, 'Jag återkallar mitt samtycke till nyhetsbrevet.')?.withdraw).toEqual([
      'newsletter',
    ]);
    expect(
      consentScopeOf(withdrawal, 'I withdraw my consent to you keeping my CV for future positions.')
        ?.withdraw,
    ).toEqual(['candidate_data_retention']);
    expect(consentScopeOf(withdrawal, 'Jeg trekker tilbake samtykket mitt.')?.withdraw).toEqual([]);
  });

  it('reads only the new text of a mail, not the quoted one', () => {
    const mail = {
      subject: 'Re: News from us',
      text: 'Unsubscribe me from the newsletter.\n\n> Invitation to our seminar on cloud security',
    };
    expect(consentScopeOfMail(objection, mail)?.marketing).toEqual(['newsletter']);
    expect(consentScopeOf(['access'], 'newsletter')).toBeUndefined();
  });
});

describe('effectiveScope', () => {
  it('Art. 7(3): a withdrawal staff added names no consent, so staff choose; an added objection stops marketing', () => {
    expect(effectiveScope({ types: ['objection', 'withdraw_consent'] })).toEqual({
      marketing: ['newsletter', 'event_invitations'],
      general: false,
      withdraw: [],
    });
  });
});
