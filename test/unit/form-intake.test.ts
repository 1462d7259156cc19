import { describe, expect, it } from 'vitest';
import { contentKeyOf, normaliseFormText, validateForm } from '../../functions/core/intake/form-intake';
import { renderFormPage, renderReceivedPage } from '../../functions/pages/form-page';
import { formErrorMessages, pickFormLanguage } from '../../functions/pages/form-text';
import { escapeHtml } from '../../functions/pages/html';

describe('form language', () => {
  it('takes an explicit choice over the browser preference', () => {
    expect(pickFormLanguage('nb', 'sv-SE,sv;q=0.9')).toBe('nb');
  });

  it('follows Accept-Language by quality, reads no/nn as bokmål, and falls back to English', () => {
    expect(pickFormLanguage(undefined, 'de;q=0.9,sv;q=0.8,en;q=0.7')).toBe('sv');
    expect(pickFormLanguage(undefined, 'en;q=0.5,no;q=0.9')).toBe('nb');
    expect(pickFormLanguage(undefined, 'nn-NO')).toBe('nb');
    expect(pickFormLanguage(undefined, 'fi,de')).toBe('en');
    expect(pickFormLanguage('xx', undefined)).toBe('en');
    expect(pickFormLanguage(undefined, 'sv;q=0,en')).toBe('en');
  });

  it("gives a Danish browser its next preference or English, not bokmål pointing to Norway's authority (Art. 77)", () => {
    expect(pickFormLanguage(undefined, 'da-DK,da;q=0.9')).toBe('en');
    expect(pickFormLanguage(undefined, 'da,sv;q=0.8')).toBe('sv');
    expect(pickFormLanguage('da', undefined)).toBe('en');
  });
});

describe('form validation', () => {
  const valid = { email: ' Eva.Berg@Example.se ', types: 'erasure', relationship: 'customer' };

  it('accepts one ticked type as a string and normalises the address', () => {
    expect(validateForm(valid)).toEqual({
      ok: true,
      value: { email: 'eva.berg@example.se', types: ['erasure'], relationship: 'customer' },
    });
  });

  it('accepts free text without types', () => {
    expect(validateForm({ email: 'a@example.se', text: 'Radera mig', relationship: 'partner' }).ok).toBe(
      true,
    );
  });

  it('gives each invalid field one code', () => {
    const result = validateForm({
      email: 'nope',
      types: ['access', 'everything'],
      relationship: 'friend',
      text: 'x'.repeat(5001),
    });
    expect(result).toEqual({
      ok: false,
      errors: {
        email: 'invalid_email',
        types: 'invalid_choice',
        relationship: 'invalid_choice',
        text: 'too_long',
      },
    });
  });

  it('asks for a type or a text, and for the relationship', () => {
    expect(validateForm({ email: '' })).toEqual({
      ok: false,
      errors: { email: 'required', types: 'types_or_text', relationship: 'required' },
    });
  });

  it('words the codes in the page language', () => {
    expect(formErrorMessages({ email: 'required' }, 'sv')).toEqual({ email: 'Fyll i det här fältet.' });
    expect(formErrorMessages({ types: 'types_or_text' }, 'nb').types).toMatch(/^Velg minst én/);
  });
});

describe('form dedupe key', () => {
  it('ignores case, spacing and the order of types', () => {
    expect(normaliseFormText('  Send  ME\nmy data ')).toBe('send me my data');
    expect(contentKeyOf('k', ['erasure', 'access'], 'Send me')).toBe(
      contentKeyOf('k', ['access', 'erasure'], ' send  me'),
    );
  });

  it('differs for another subject, other types or other text', () => {
    const key = contentKeyOf('k', ['access'], 'x');
    expect(contentKeyOf('other', ['access'], 'x')).not.toBe(key);
    expect(contentKeyOf('k', ['erasure'], 'x')).not.toBe(key);
    expect(contentKeyOf('k', ['access'], 'y')).not.toBe(key);
  });
});

const PRIVACY = { controller: 'Nordkonsult AB (demo)', contact: 'gdpr@example.com', retentionYears: 3 };

describe('form page', () => {
  it('escapes every value it shows', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const page = renderFormPage({
      language: 'en',
      values: {
        email: '"><img src=x onerror=alert(1)>',
        name: '<b>',
        text: '</textarea><script>',
        types: ['access'],
      },
      errors: { email: 'Enter a valid email address.' },
      privacy: PRIVACY,
    });
    expect(page).not.toMatch(/<img|<script|<b>/);
    expect(page).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    expect(page).toContain('value="access" checked');
    expect(page).toContain('aria-invalid="true"');
  });

  it('has no script, a hidden honeypot and language links', () => {
    const page = renderFormPage({ language: 'sv', privacy: PRIVACY });
    expect(page).not.toContain('<script');
    expect(page).toContain('name="website" tabindex="-1"');
    expect(page).toContain('href="/?lang=nb"');
    expect(page).toContain('<html lang="sv">');
  });

  it('Art. 13(1)(a), (c), 13(2)(a): shows who collects the data, why and on which basis, and how long it is kept', () => {
    for (const [language, why, howLong] of [
      ['sv', 'artikel 6.1 c', 'i 3 år efter att det avslutats'],
      ['nb', 'artikkel 6 nr. 1 bokstav c', 'i 3 år etter at den er avsluttet'],
      ['en', 'Article 6(1)(c)', 'for 3 years after it is closed'],
    ] as const) {
      const page = renderFormPage({ language, privacy: PRIVACY });
      const notice = page.slice(page.indexOf('<section class="notice"'));
      expect(notice).toContain('Nordkonsult AB (demo)');
      expect(notice).toContain('gdpr@example.com');
      expect(notice).toContain(why);
      expect(notice).toContain(howLong);
      expect(notice).toContain('IMY');
    }
    expect(renderFormPage({ language: 'en', privacy: { ...PRIVACY, retentionYears: 10 } })).toContain(
      'for 10 years after it is closed',
    );
  });

  it('offers "other" as a relationship, in every language, and accepts it', () => {
    expect(renderFormPage({ language: 'sv', privacy: PRIVACY })).toContain('value="other"> Annat');
    expect(renderFormPage({ language: 'nb', privacy: PRIVACY })).toContain('value="other"> Annet');
    expect(renderFormPage({ language: 'en', privacy: PRIVACY })).toContain('value="other"> Other');
    expect(validateForm({ email: 'a@example.se', types: 'access', relationship: 'other' }).ok).toBe(true);
  });

  it('confirms without naming the request: the reference goes to the address', () => {
    const page = renderReceivedPage('nb');
    expect(page).not.toMatch(/PD-\d{8}-/);
    expect(page).toContain('saksnummeret');
  });
});
