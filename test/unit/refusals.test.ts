import { describe, expect, it } from 'vitest';
import { REPLY_TEMPLATES } from '../../config/templates';
import type { RequestStore } from '../../functions/core/ports';
import { MERIT_REASONS, refusalRecipient } from '../../functions/core/replies/refusals';
import { sendReply } from '../../functions/core/replies/send-reply';
import { REJECTION_REASONS } from '../../functions/core/replies/template-packs';
import { renderMessage as renderWith } from '../../functions/core/replies/templates';
import type { AuditEvent, DsrRequest } from '../../functions/core/request/request';

/** The deployment's packs, as the handlers pass them. */
type RenderArgs = Parameters<typeof renderWith>;
const renderMessage = (name: RenderArgs[0], language: RenderArgs[1], vars: RenderArgs[2]) =>
  renderWith(name, language, vars, REPLY_TEMPLATES);

const REQUEST: DsrRequest = {
  id: 'PD-20261201-REF123',
  status: 'rejected',
  channel: 'email',
  types: ['erasure'],
  language: 'en',
  subjectEmail: 'lily.mills@example.com',
  senderEmail: 'gary.mills@example.com',
  onBehalf: true,
  subjectKey: 'key',
  receivedAt: '2026-12-01T09:00:00Z',
  dueAt: '2027-01-04',
  version: 1,
};

/** Where each ground on the merits points in the GDPR, as each language pack cites it. */
const ARTICLE: Record<string, Record<'sv' | 'nb' | 'en', string>> = {
  manifestly_unfounded: { sv: 'artikel 12.5', nb: 'artikkel 12 nr. 5', en: 'Article 12(5)' },
  excessive: { sv: 'artikel 12.5', nb: 'artikkel 12 nr. 5', en: 'Article 12(5)' },
  erasure_exemption: { sv: 'artikel 17.3', nb: 'artikkel 17 nr. 3', en: 'Article 17(3)' },
  data_accurate: { sv: 'artikel 16', nb: 'artikkel 16', en: 'Article 16' },
  compelling_grounds: { sv: 'artikel 21.1', nb: 'artikkel 21 nr. 1', en: 'Article 21(1)' },
};

describe('refusal grounds', () => {
  it('Art. 12(4): every refusal on the merits names its ground and article, IMY and the courts, in sv, nb and en', () => {
    expect([...MERIT_REASONS].sort()).toEqual(Object.keys(ARTICLE).sort());
    for (const reason of MERIT_REASONS) {
      for (const language of ['sv', 'nb', 'en'] as const) {
        const { text } = renderMessage('rejection', language, {
          requestId: REQUEST.id,
          types: ['erasure'],
          rejectionReason: reason,
          rejectionDetail: 'Staff’s own words.',
        });
        expect(text, `${reason} (${language})`).toContain(ARTICLE[reason]?.[language]);
        expect(text).toContain('Integritetsskyddsmyndigheten');
        expect(text).toContain('> Staff’s own words.');
      }
    }
  });

  it('Art. 21(1): refusing a general objection says an objection to direct marketing is not affected', () => {
    const { text } = renderMessage('rejection', 'en', {
      requestId: REQUEST.id,
      rejectionReason: 'compelling_grounds',
    });
    expect(text).toMatch(/compelling legitimate grounds/);
    expect(text).toMatch(/direct marketing always applies/);
  });

  it('keeps every refusal reason the staff API accepts worded in every language', () => {
    for (const reason of REJECTION_REASONS) {
      for (const language of ['sv', 'nb', 'en'] as const) {
        expect(() =>
          renderMessage('rejection', language, { requestId: REQUEST.id, rejectionReason: reason }),
        ).not.toThrow();
      }
    }
  });
});

describe('who hears a refusal', () => {
  it('Art. 12(4): a refusal for lack of authorisation answers the representative; any other the data subject', () => {
    expect(refusalRecipient(REQUEST, 'third_party_unauthorised')).toBe('gary.mills@example.com');
    expect(refusalRecipient(REQUEST, 'unverified')).toBe('lily.mills@example.com');
    // Nobody else wrote: the person who asked is the one on the request.
    expect(refusalRecipient({ subjectEmail: 'kim@example.org' }, 'third_party_unauthorised')).toBe(
      'kim@example.org',
    );
  });

  it('Art. 12(4): the rejection mail for lack of authorisation goes to the representative only', async () => {
    const sent: string[] = [];
    const events: AuditEvent[] = [];
    const requests = {
      getRequest: async () => REQUEST,
      claimOnce: async () => true,
      appendEvent: async (_id: string, event: AuditEvent) => void events.push(event),
      listEvents: async () => events,
      recordOutgoing: async () => undefined,
    } as unknown as RequestStore;
    const deps = {
      requests,
      mailer: {
        send: async (mail: { to: string }) => {
          sent.push(mail.to);
          return { messageId: `ses-${sent.length}` };
        },
      },
      clock: { now: () => new Date('2026-12-02T10:00:00Z') },
      mailbox: { local: 'gdpr', domain: 'example.com' },
      templates: REPLY_TEMPLATES,
    };
    await sendReply(
      { requestId: REQUEST.id, template: 'rejection', vars: { rejectionReason: 'third_party_unauthorised' } },
      deps,
    );
    await sendReply(
      {
        requestId: REQUEST.id,
        template: 'rejection',
        vars: { rejectionReason: 'duplicate' },
        dedupeKey: 'other',
      },
      deps,
    );
    expect(sent).toEqual(['gary.mills@example.com', 'lily.mills@example.com']);
  });
});
