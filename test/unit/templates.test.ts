import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INTAKE_MAIL_TEMPLATES, REPLY_TEMPLATES, VERIFICATION_MAIL_TEMPLATES } from '../../config/templates';
import {
  REJECTION_REASONS,
  STAFF_TEMPLATES,
  TEMPLATE_NAMES,
  type TemplateName,
  type TemplatePacks,
  type TemplateVars,
} from '../../functions/core/replies/template-packs';
import {
  describeTypes as describeTypesIn,
  formatDate as formatDateIn,
  InvalidTemplateVariableError,
  MissingTemplateVariableError,
  renderMessage as renderWith,
} from '../../functions/core/replies/templates';
import type { ReplyLanguage } from '../../functions/core/request/request';

/** The deployment's packs, as the handlers pass them. */
type RenderArgs = Parameters<typeof renderWith>;
const renderMessage = (name: RenderArgs[0], language: RenderArgs[1], vars: RenderArgs[2]) =>
  renderWith(name, language, vars, REPLY_TEMPLATES);
const describeTypes = (types: Parameters<typeof describeTypesIn>[0], language: ReplyLanguage) =>
  describeTypesIn(types, REPLY_TEMPLATES[language]);
const formatDate = (date: string, language: ReplyLanguage) => formatDateIn(date, REPLY_TEMPLATES[language]);

const LANGUAGES: readonly ReplyLanguage[] = ['sv', 'nb', 'en'];
const REQUEST_ID = 'PD-20261224-K7QM2X';

const common: TemplateVars = {
  requestId: REQUEST_ID,
  types: ['access', 'erasure'],
  dueDate: '2026-12-28',
  contactAddress: 'gdpr@example.com',
};

/** The variables each template cannot do without, beyond which it may use optional ones. */
const REQUIRED: Record<TemplateName, readonly (keyof TemplateVars)[]> = {
  acknowledgement: ['requestId', 'types', 'dueDate'],
  verification: ['requestId', 'types', 'verificationUrl', 'linkExpiresAt'],
  verification_reminder: ['requestId', 'types', 'verificationUrl', 'linkExpiresAt'],
  needs_more_info: ['requestId', 'types', 'question'],
  extension: ['requestId', 'types', 'dueDate', 'extensionReason'],
  rejection: ['requestId', 'rejectionReason'],
  cancellation: ['requestId'],
  pause_reminder: ['requestId', 'types', 'pausedSinceDate'],
  triage_acknowledgement: ['requestId'],
  mandate_notice: ['requestId'],
  completion_access: ['requestId', 'types', 'downloadUrl', 'linkExpiresAt'],
  completion_erasure: ['requestId', 'types'],
  completion_rectification: ['requestId', 'types'],
  completion_objection: ['requestId', 'types'],
  completion_restriction: ['requestId', 'types'],
  completion_no_data: ['requestId', 'types'],
  recipient_notice: ['requestId', 'types', 'subjectAddress'],
  recipients_notified: ['requestId', 'types', 'recipients'],
  staff_deadline_digest: ['today'],
  staff_alert: ['requestId', 'alertKind', 'alertReason'],
};

const VARS: Record<TemplateName, TemplateVars> = {
  acknowledgement: common,
  verification: {
    ...common,
    verificationUrl: 'https://privacy.example.com/verify?token=abc',
    linkExpiresAt: '2026-12-25T13:30:00Z',
  },
  verification_reminder: {
    ...common,
    verificationUrl: 'https://privacy.example.com/verify?token=abc',
    linkExpiresAt: '2026-12-25T13:30:00Z',
  },
  needs_more_info: { ...common, question: 'Which customer were you a contact person for?' },
  extension: {
    ...common,
    previousDueDate: '2026-12-28',
    dueDate: '2027-02-24',
    extensionReason: 'Your data is spread over several archived projects.',
  },
  rejection: { ...common, rejectionReason: 'unverified' },
  cancellation: { ...common, rejectionDetail: 'You asked us to stop.' },
  pause_reminder: { ...common, pausedSinceDate: '2026-11-10' },
  triage_acknowledgement: { requestId: REQUEST_ID, contactAddress: 'gdpr@example.com' },
  mandate_notice: { requestId: REQUEST_ID, contactAddress: 'gdpr@example.com' },
  completion_access: {
    ...common,
    downloadUrl: 'https://downloads.example.com/p/xyz',
    linkExpiresAt: '2027-01-04T10:00:00Z',
    dataSources: ['CRM', 'Newsletter'],
  },
  completion_erasure: {
    ...common,
    erasedItems: ['CRM contact', 'Newsletter subscription'],
    anonymisedItems: ['Event attendance statistics'],
    retainedItems: [
      { description: 'Invoices', legalBasis: 'Bokföringslagen 7 kap. 2 §', until: '2033-12-31' },
    ],
    backupExpiryDate: '2027-01-27',
  },
  completion_rectification: { ...common, types: ['rectification'], correctedItems: ['Phone number in CRM'] },
  completion_objection: {
    ...common,
    types: ['objection', 'withdraw_consent'],
    purposes: ['Newsletter', 'Event invitations'],
  },
  completion_restriction: { ...common, types: ['restriction'], systems: ['CRM'] },
  recipient_notice: {
    ...common,
    types: ['rectification'],
    subjectAddress: 'astrid.lindqvist@example.se',
    systems: ['Invoicing and bookkeeping'],
  },
  recipients_notified: { ...common, types: ['erasure'], recipients: ['Auditor'] },
  completion_no_data: { ...common, types: ['access'] },
  staff_deadline_digest: {
    today: '2026-12-21',
    dueSoon: [
      { id: 'PD-20261124-AAAAAA', status: 'collecting', dueDate: '2026-12-24', daysLeft: 3, paused: false },
    ],
    overdue: [
      {
        id: 'PD-20261101-BBBBBB',
        status: 'awaiting_action',
        dueDate: '2026-12-18',
        daysOverdue: 3,
        paused: true,
      },
    ],
  },
  staff_alert: {
    requestId: REQUEST_ID,
    alertKind: 'virus',
    alertReason: 'SES virus verdict FAIL on inbound message',
  },
};

const subjectFacing = TEMPLATE_NAMES.filter((name) => !STAFF_TEMPLATES.has(name));

function without(vars: TemplateVars, name: keyof TemplateVars): TemplateVars {
  const copy = { ...vars };
  delete copy[name];
  return copy;
}

describe('renderMessage', () => {
  describe.each(LANGUAGES)('in %s', (language) => {
    it.each(TEMPLATE_NAMES)('renders %s with a subject, plain text and a complete html page', (name) => {
      const message = renderMessage(name, language, VARS[name]);
      expect(message.subject.length).toBeGreaterThan(0);
      expect(message.subject).not.toMatch(/[\r\n]/);
      expect(message.text.trim().length).toBeGreaterThan(0);
      expect(message.html).toMatch(/^<!DOCTYPE html>\n<html lang="(sv|nb|en)">/);
      expect(message.html).toContain(`<html lang="${language}">`);
      expect(message.html.trimEnd()).toMatch(/<\/html>$/);
      for (const part of [message.subject, message.text, message.html]) {
        expect(part).not.toContain('{{');
        expect(part).not.toContain('}}');
        expect(part).not.toContain('undefined');
      }
    });

    it.each(TEMPLATE_NAMES)('keeps %s html free of scripts and external resources', (name) => {
      const { html } = renderMessage(name, language, VARS[name]);
      expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|url\(/i);
    });

    it.each(subjectFacing)('mentions the request id in the subject, text and html of %s', (name) => {
      const message = renderMessage(name, language, VARS[name]);
      expect(message.subject).toContain(REQUEST_ID);
      expect(message.text).toContain(REQUEST_ID);
      expect(message.html).toContain(REQUEST_ID);
    });

    it.each(subjectFacing)('tells the subject how to reply in %s', (name) => {
      const message = renderMessage(name, language, VARS[name]);
      const reply = {
        sv: 'svara på det här mejlet',
        nb: 'svare på denne e-posten',
        en: 'reply to this email',
      }[language];
      expect(message.text.toLowerCase()).toContain(reply);
      expect(message.text).toContain('gdpr@example.com');
    });

    it('still tells the subject to reply when no contact address is given', () => {
      const { text } = renderMessage('acknowledgement', language, without(common, 'contactAddress'));
      expect(text).toContain(REQUEST_ID);
      expect(text).not.toContain('gdpr@example.com');
    });

    it('Art. 21(1): the objection answer gives the grounds for each purpose that continues, and the right to complain', () => {
      const { text, html } = renderMessage('completion_objection', language, {
        ...common,
        types: ['objection'],
        purposes: ['Website logs'],
        objectionContinued: [{ purpose: 'Partner contacts', grounds: 'An ongoing contract needs them.' }],
      });
      expect(text).toContain('Website logs');
      expect(text).toContain('Partner contacts – An ongoing contract needs them.');
      expect(text).toMatch(/21/);
      expect(text).toContain('IMY');
      expect(html).toContain('An ongoing contract needs them.');
      const stoppedOnly = renderMessage('completion_objection', language, VARS.completion_objection).text;
      expect(stoppedOnly).not.toContain('IMY');
    });

    it.each(TEMPLATE_NAMES)('throws a named error when %s misses a required variable', (name) => {
      for (const variable of REQUIRED[name]) {
        const attempt = () => renderMessage(name, language, without(VARS[name], variable));
        expect(attempt, variable).toThrow(MissingTemplateVariableError);
        try {
          attempt();
        } catch (error) {
          expect((error as MissingTemplateVariableError).variable).toBe(variable);
          expect((error as MissingTemplateVariableError).template).toBe(name);
          expect((error as Error).name).toBe('MissingTemplateVariableError');
        }
      }
    });

    it.each(TEMPLATE_NAMES)('renders %s with only its required variables', (name) => {
      const minimal = Object.fromEntries(
        REQUIRED[name].map((variable) => [variable, VARS[name][variable]]),
      ) as TemplateVars;
      expect(() => renderMessage(name, language, minimal)).not.toThrow();
    });
  });

  describe('escaping hostile values', () => {
    const hostile = '<script>alert("x")</script> & <b>bold</b>';

    it.each(LANGUAGES)('escapes markup in free text and lists in the html part (%s)', (language) => {
      const { html, text } = renderMessage('completion_erasure', language, {
        ...VARS.completion_erasure,
        organisationName: hostile,
        erasedItems: [hostile],
        retainedItems: [{ description: hostile, legalBasis: hostile, until: '2033-12-31' }],
      });
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<b>');
      expect(html).toContain(
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;',
      );
      // The text part is plain text: the value as written.
      expect(text).toContain(hostile);
    });

    it('escapes a staff question and keeps its line breaks', () => {
      const { html, text } = renderMessage('needs_more_info', 'sv', {
        ...VARS.needs_more_info,
        question: `Line one\n${hostile}`,
      });
      expect(html).toContain('Line one<br>&lt;script&gt;');
      expect(html).not.toContain('<script>');
      expect(text).toContain('> Line one\n> <script>');
    });

    it('escapes quotes in a link so it cannot break out of the href', () => {
      const { html } = renderMessage('verification', 'en', {
        ...VARS.verification,
        verificationUrl: 'https://privacy.example.com/verify?t="><script>x</script>',
      });
      expect(html).not.toContain('<script>');
      expect(html).toContain(
        '<a href="https://privacy.example.com/verify?t=%22%3E%3Cscript%3Ex%3C/script%3E"',
      );
    });

    it('escapes ampersands inside a link and never leaves a raw quote', () => {
      const { html } = renderMessage('verification', 'en', {
        ...VARS.verification,
        verificationUrl: "https://privacy.example.com/verify?a=1&b=it's",
      });
      expect(html).toContain('<a href="https://privacy.example.com/verify?a=1&amp;b=it%27s"');
    });

    it('refuses a link that is not http(s)', () => {
      expect(() =>
        renderMessage('verification', 'en', { ...VARS.verification, verificationUrl: 'javascript:alert(1)' }),
      ).toThrow(InvalidTemplateVariableError);
    });

    it('keeps the subject on one line whatever a value holds', () => {
      const { subject } = renderMessage('acknowledgement', 'en', {
        ...common,
        requestId: 'PD-1\r\nBcc: victim@example.com',
      });
      expect(subject).not.toMatch(/[\r\n]/);
    });

    it('names the variable but never its value in an error', () => {
      try {
        renderMessage('acknowledgement', 'en', { ...common, dueDate: 'jane.doe@example.com' });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidTemplateVariableError);
        expect((error as Error).message).toContain('dueDate');
        expect((error as Error).message).not.toContain('jane.doe');
      }
    });
  });

  describe('Art. 77(1) and 12(4): the supervisory authority', () => {
    const complaintReplies: Record<string, TemplateVars> = {
      rejection: VARS.rejection,
      cancellation: VARS.cancellation,
      completion_rectification: { ...common, types: ['rectification'] },
    };
    const whereTheyLive: Record<ReplyLanguage, string> = {
      sv: 'i ett annat land kan du också klaga till tillsynsmyndigheten där',
      nb: 'tilsynsmyndigheten i landet der du bor eller arbeider',
      en: 'the supervisory authority in the country where you live or work',
    };
    for (const [name, vars] of Object.entries(complaintReplies)) {
      it.each(LANGUAGES)(
        `${name} in %s names IMY as the lead authority and the authority where the subject lives or works`,
        (language) => {
          const { text } = renderMessage(name as TemplateName, language, vars);
          expect(text).toContain('Integritetsskyddsmyndigheten');
          expect(text).toContain('imy.se');
          expect(text).toContain(whereTheyLive[language]);
        },
      );
    }

    it('never names Datatilsynet without IMY, in any reply or language', () => {
      for (const name of TEMPLATE_NAMES) {
        for (const language of LANGUAGES) {
          const { text } = renderMessage(name, language, VARS[name]);
          if (text.includes('Datatilsynet')) expect(text, `${name} ${language}`).toContain('IMY');
        }
      }
    });
  });

  describe('rejection', () => {
    it.each(REJECTION_REASONS)('names IMY and imy.se in Swedish for %s', (reason) => {
      const { text, html } = renderMessage('rejection', 'sv', { ...common, rejectionReason: reason });
      expect(text).toContain('Integritetsskyddsmyndigheten (IMY)');
      expect(text).toContain('imy.se');
      expect(text).toContain('domstol');
      expect(html).toContain('imy.se');
    });

    it.each(REJECTION_REASONS)('names IMY and imy.se in English for %s', (reason) => {
      const { text } = renderMessage('rejection', 'en', { ...common, rejectionReason: reason });
      expect(text).toContain('Integritetsskyddsmyndigheten, IMY');
      expect(text).toContain('imy.se');
      expect(text).toContain('court');
    });

    it.each(REJECTION_REASONS)(
      'names IMY as lead authority in Norwegian too, and Datatilsynet where the subject lives (Art. 77(1)), for %s',
      (reason) => {
        const { text } = renderMessage('rejection', 'nb', { ...common, rejectionReason: reason });
        expect(text).toContain('Integritetsskyddsmyndigheten (IMY)');
        expect(text).toContain('imy.se');
        expect(text).toContain('der du bor eller arbeider');
        expect(text).toContain('Datatilsynet (datatilsynet.no)');
        expect(text).toContain('domstolene');
      },
    );

    it('gives a different reason text for each reason code', () => {
      for (const language of LANGUAGES) {
        const texts = REJECTION_REASONS.map(
          (reason) => renderMessage('rejection', language, { ...common, rejectionReason: reason }).text,
        );
        expect(new Set(texts).size).toBe(REJECTION_REASONS.length);
      }
    });

    it('explains an unverified request as an unconfirmed address', () => {
      const { text } = renderMessage('rejection', 'sv', { ...common, rejectionReason: 'unverified' });
      expect(text).toContain('e-postadressen inte bekräftades');
    });

    it('points a duplicate at the original request when known', () => {
      const { text } = renderMessage('rejection', 'en', {
        ...common,
        rejectionReason: 'duplicate',
        originalRequestId: 'PD-20261201-ZZZZZZ',
      });
      expect(text).toContain('(PD-20261201-ZZZZZZ)');
    });

    it('adds staff detail as a quote, escaped in html', () => {
      const { text, html } = renderMessage('rejection', 'en', {
        ...common,
        rejectionReason: 'manifestly_unfounded',
        rejectionDetail: 'Same request <sent> 40 times this week.',
      });
      expect(text).toContain('> Same request <sent> 40 times this week.');
      expect(html).toContain('<blockquote');
      expect(html).toContain('Same request &lt;sent&gt; 40 times this week.');
    });

    it('rejects an unknown reason code', () => {
      expect(() =>
        renderMessage('rejection', 'sv', {
          ...common,
          rejectionReason: 'because' as unknown as TemplateVars['rejectionReason'],
        }),
      ).toThrow(InvalidTemplateVariableError);
    });
  });

  describe('content', () => {
    it('writes the due date in words in each language', () => {
      expect(renderMessage('acknowledgement', 'sv', common).text).toContain('senast 28 december 2026');
      expect(renderMessage('acknowledgement', 'nb', common).text).toContain('senest 28. desember 2026');
      expect(renderMessage('acknowledgement', 'en', common).text).toContain('by 28 December 2026');
    });

    it('writes the link expiry in Stockholm time (UTC+1 in winter, UTC+2 in summer)', () => {
      const winter = '2026-12-25T13:30:00Z';
      const summer = '2026-06-19T12:05:00Z';
      const sv = (at: string) =>
        renderMessage('verification', 'sv', { ...VARS.verification, linkExpiresAt: at }).text;
      expect(sv(winter)).toContain('gäller till 25 december 2026 kl. 14.30');
      expect(sv(summer)).toContain('gäller till 19 juni 2026 kl. 14.05');
      expect(renderMessage('verification', 'nb', VARS.verification).text).toContain(
        'gyldig til 25. desember 2026 kl. 14.30',
      );
      expect(renderMessage('verification', 'en', VARS.verification).text).toContain(
        'valid until 25 December 2026 at 14:30',
      );
    });

    it('says the verification link only proves control of the address, and to ignore it if unasked', () => {
      const sv = renderMessage('verification', 'sv', VARS.verification).text;
      expect(sv).toContain('bekräftar bara att du har tillgång till den här e-postadressen');
      expect(sv).toContain('bortse från det här mejlet');
      const nb = renderMessage('verification', 'nb', VARS.verification).text;
      expect(nb).toContain('bekrefter bare at du har tilgang til denne e-postadressen');
      expect(nb).toContain('se bort fra denne e-posten');
      const en = renderMessage('verification', 'en', VARS.verification).text;
      expect(en).toContain('only confirms that you have access to this email address');
      expect(en).toContain('you can ignore this email');
    });

    it('renders the verification link as a link in html and as the bare address in text', () => {
      const message = renderMessage('verification', 'en', VARS.verification);
      expect(message.text).toContain('\nhttps://privacy.example.com/verify?token=abc\n');
      expect(message.html).toContain(
        '<a href="https://privacy.example.com/verify?token=abc" style="color:#0b5cad;word-break:break-all;">',
      );
    });

    it('says the clock is paused while waiting for more information', () => {
      expect(renderMessage('needs_more_info', 'sv', VARS.needs_more_info).text).toContain('står still');
      expect(renderMessage('needs_more_info', 'en', VARS.needs_more_info).text).toContain('is paused');
    });

    it('gives the new due date, the old one and the reason for an extension under Art. 12(3)', () => {
      const { text } = renderMessage('extension', 'sv', VARS.extension);
      expect(text).toContain('från 28 december 2026 till 24 februari 2027');
      expect(text).toContain('> Your data is spread over several archived projects.');
      expect(text).toContain('artikel 12.3');
    });

    it('lists what was erased, what is kept under which legal hold until when, and the backup expiry', () => {
      const { text } = renderMessage('completion_erasure', 'sv', VARS.completion_erasure);
      expect(text).toContain('- CRM contact\n- Newsletter subscription');
      expect(text).toContain('- Event attendance statistics');
      expect(text).toContain(
        '- Invoices – sparas enligt Bokföringslagen 7 kap. 2 § till och med 31 december 2033',
      );
      expect(text).toContain('till och med 27 januari 2027');
    });

    it('leaves out the retention section when nothing is kept', () => {
      const { text } = renderMessage(
        'completion_erasure',
        'en',
        without(VARS.completion_erasure, 'retainedItems'),
      );
      expect(text).not.toContain('The law requires us to keep');
      expect(
        renderMessage('completion_erasure', 'en', { ...VARS.completion_erasure, retainedItems: [] }).text,
      ).not.toContain('The law requires us to keep');
    });

    it('describes the access package and its link expiry', () => {
      const { text } = renderMessage('completion_access', 'nb', VARS.completion_access);
      expect(text).toContain('https://downloads.example.com/p/xyz');
      expect(text).toContain('gyldig til 4. januar 2027 kl. 11.00');
      expect(text).toContain('(JSON og CSV)');
      expect(text).toContain('- CRM\n- Newsletter');
    });

    it('names the request types in words', () => {
      expect(renderMessage('acknowledgement', 'sv', common).text).toContain(
        'begäran om registerutdrag och radering',
      );
      expect(renderMessage('acknowledgement', 'nb', common).text).toContain(
        'forespørselen din om innsyn og sletting',
      );
    });

    it('signs with the organisation name when given', () => {
      const { text } = renderMessage('acknowledgement', 'sv', { ...common, organisationName: 'Webstep' });
      expect(text).toContain('Med vänliga hälsningar\nDataskyddsteamet på Webstep');
    });
  });

  describe('staff mails', () => {
    it('lists overdue and due-soon requests by id, due date and days', () => {
      const { text } = renderMessage('staff_deadline_digest', 'en', VARS.staff_deadline_digest);
      expect(text).toContain(
        '- PD-20261101-BBBBBB (awaiting_action) – due 18 December 2026, 3 days overdue, paused awaiting the reply',
      );
      expect(text).toContain('- PD-20261124-AAAAAA (collecting) – due 24 December 2026, 3 days left');
      expect(text.indexOf('Overdue')).toBeLessThan(text.indexOf('Due within five days'));
    });

    it('uses the singular for one day', () => {
      const { text } = renderMessage('staff_deadline_digest', 'sv', {
        today: '2026-12-23',
        dueSoon: [{ id: 'PD-1', status: 'collecting', dueDate: '2026-12-24', daysLeft: 1, paused: false }],
      });
      expect(text).toContain('sista dag 24 december 2026, 1 dag kvar');
      expect(text).toContain('Inga försenade ärenden.');
    });

    it('says so when nothing is due', () => {
      const { text } = renderMessage('staff_deadline_digest', 'en', {
        today: '2026-12-21',
        dueSoon: [],
        overdue: [],
      });
      expect(text).toContain('No overdue requests.');
      expect(text).toContain('No requests are due within five days.');
    });

    it('alerts staff with the request id, the kind and the reason, and no reply footer', () => {
      const message = renderMessage('staff_alert', 'sv', { ...VARS.staff_alert, step: 'CollectStores' });
      expect(message.subject).toBe(`Privacy Desk: Virus i inkommande meddelande – ärende ${REQUEST_ID}`);
      expect(message.text).toContain('Orsak: SES virus verdict FAIL on inbound message');
      expect(message.text).toContain('Steg: CollectStores');
      expect(message.text).not.toContain('Ärendenummer');
    });
  });
});

describe('describeTypes', () => {
  it('joins one, two and three types in Swedish', () => {
    expect(describeTypes(['access'], 'sv')).toBe('registerutdrag');
    expect(describeTypes(['access', 'erasure'], 'sv')).toBe('registerutdrag och radering');
    expect(describeTypes(['access', 'rectification', 'erasure'], 'sv')).toBe(
      'registerutdrag, rättelse och radering',
    );
  });

  it('joins types in Norwegian and English', () => {
    expect(describeTypes(['objection', 'withdraw_consent'], 'nb')).toBe(
      'protest mot behandlingen og tilbaketrekking av samtykke',
    );
    expect(describeTypes(['portability', 'restriction', 'erasure'], 'en')).toBe(
      'data portability, restriction of processing and erasure',
    );
  });

  it('keeps the given order and drops repeats', () => {
    expect(describeTypes(['erasure', 'access', 'erasure'], 'en')).toBe(
      'erasure and access to your personal data',
    );
  });
});

describe('formatDate', () => {
  it('writes 25 December 2026 in each language', () => {
    expect(formatDate('2026-12-25', 'sv')).toBe('25 december 2026');
    expect(formatDate('2026-12-25', 'nb')).toBe('25. desember 2026');
    expect(formatDate('2026-12-25', 'en')).toBe('25 December 2026');
  });

  it('refuses an impossible date', () => {
    expect(() => formatDate('2026-02-30', 'sv')).toThrow(RangeError);
  });
});

describe('the narrowed packs', () => {
  // Each is rendered only with names taken from its own templates.
  const narrowed = { VERIFICATION_MAIL_TEMPLATES, INTAKE_MAIL_TEMPLATES } as Record<string, TemplatePacks>;

  it.each(Object.entries(narrowed))('%s render each of their mails exactly as the full packs', (_, packs) => {
    const vars: TemplateVars = {
      ...common,
      verificationUrl: 'https://privacy.example.com/verify/x?k=y',
      linkExpiresAt: '2026-12-27T11:00:00.000Z',
      alertKind: 'failure',
      alertReason: 'store_failed',
    };
    for (const language of LANGUAGES) {
      const names = Object.keys(packs[language].templates) as TemplateName[];
      expect(names.length).toBeGreaterThan(0);
      const { templates: _, ...basics } = packs[language];
      const { templates: __, ...fullBasics } = REPLY_TEMPLATES[language];
      expect(basics).toEqual(fullBasics);
      for (const name of names) {
        expect(renderWith(name, language, vars, packs)).toEqual(
          renderWith(name, language, vars, REPLY_TEMPLATES),
        );
      }
    }
  });

  it('hold only the mails their functions send', () => {
    expect(Object.keys(VERIFICATION_MAIL_TEMPLATES.sv.templates).sort()).toEqual([
      'verification',
      'verification_reminder',
    ]);
    expect(Object.keys(INTAKE_MAIL_TEMPLATES.nb.templates).sort()).toEqual([
      'staff_alert',
      'triage_acknowledgement',
      'verification',
      'verification_reminder',
    ]);
  });
});

describe('the renderer module', () => {
  it('imports nothing from the AWS SDK and does no file or network I/O', () => {
    const source = readFileSync(
      new URL('../../functions/core/replies/templates.ts', import.meta.url),
      'utf8',
    );
    expect(source).not.toMatch(/from '@aws-sdk|from 'node:(fs|net|http|https)'/);
  });
});
