import { type FormField, RELATIONSHIPS } from '../core/intake/form-fields';
import type { FormValues } from '../core/intake/form-intake';
import { HONEYPOT_FIELD } from '../core/intake/form-intake';
import { REQUEST_TYPES, type ReplyLanguage } from '../core/request/request';
import { FORM_TEXT } from './form-text';
import { escapeHtml } from './html';

/**
 * The web form's HTML, rendered on the server: no script, inline styles only (the handler's CSP
 * allows nothing else), every value HTML-escaped. Pure.
 */

const LANGUAGES: readonly ReplyLanguage[] = ['sv', 'nb', 'en'];

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
label,legend{font-weight:600;display:block;margin-top:1rem}
fieldset{border:0;padding:0;margin:0}
fieldset label{font-weight:400;margin-top:.25rem}
input[type=email],input[type=text],select,textarea{width:100%;padding:.4rem;font:inherit;box-sizing:border-box}
textarea{min-height:8rem}
.hint{color:#555;font-size:.9rem;margin:.1rem 0}
.error{color:#a00000;font-weight:600;margin:.2rem 0}
.summary{border:2px solid #a00000;padding:.5rem 1rem}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
nav a{margin-right:1rem}
button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit}
.notice{margin-top:2rem;border-top:1px solid #ccc;font-size:.9rem;color:#333}
.notice h2{font-size:1rem}`;

function layout(language: ReplyLanguage, title: string, body: string): string {
  const text = FORM_TEXT[language];
  const nav = LANGUAGES.map((l) =>
    l === language
      ? `<strong>${escapeHtml(FORM_TEXT[l].languageName)}</strong>`
      : `<a href="/?lang=${l}" hreflang="${l}" lang="${l}">${escapeHtml(FORM_TEXT[l].languageName)}</a>`,
  ).join(' ');
  return `<!doctype html>
<html lang="${text.htmlLang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<nav>${nav}</nav>
${body}
</body>
</html>
`;
}

/** Who collects what the form asks for, and how long the case is kept: the page's Art. 13 notice. */
export interface FormPrivacyFacts {
  controller: string;
  contact: string;
  retentionYears: number;
}

export interface FormPageInput {
  language: ReplyLanguage;
  privacy: FormPrivacyFacts;
  values?: Partial<FormValues>;
  /** Messages per field, already in the page's language. */
  errors?: Partial<Record<FormField, string>>;
  /** A message for the whole form (e.g. the rate limit). */
  notice?: string;
}

export function renderFormPage(input: FormPageInput): string {
  const { language } = input;
  const text = FORM_TEXT[language];
  const values = input.values ?? {};
  const errors = input.errors ?? {};
  const error = (field: FormField) =>
    errors[field] ? `<p class="error" id="${field}-error">${escapeHtml(errors[field] ?? '')}</p>` : '';
  const described = (field: FormField, hint?: string) => {
    const ids = [hint, errors[field] ? `${field}-error` : undefined].filter(Boolean).join(' ');
    return `${ids ? ` aria-describedby="${ids}"` : ''}${errors[field] ? ' aria-invalid="true"' : ''}`;
  };
  const ticked = new Set(values.types ?? []);
  const hasErrors = Object.keys(errors).length > 0;

  const body = `<main>
<h1>${escapeHtml(text.title)}</h1>
<p>${escapeHtml(text.intro)}</p>
${input.notice ? `<p class="summary" role="alert">${escapeHtml(input.notice)}</p>` : ''}
${hasErrors ? `<p class="summary" role="alert">${escapeHtml(text.errorSummary)}</p>` : ''}
<form method="post" action="/requests?lang=${language}" accept-charset="utf-8" novalidate>
<input type="hidden" name="lang" value="${language}">
<label for="email">${escapeHtml(text.email)}</label>
<p class="hint" id="email-hint">${escapeHtml(text.emailHint)}</p>
${error('email')}
<input type="email" id="email" name="email" autocomplete="email" required value="${escapeHtml(values.email ?? '')}"${described('email', 'email-hint')}>
<label for="name">${escapeHtml(text.name)}</label>
${error('name')}
<input type="text" id="name" name="name" autocomplete="name" value="${escapeHtml(values.name ?? '')}"${described('name')}>
<fieldset${described('types')}>
<legend>${escapeHtml(text.types)}</legend>
${error('types')}
${REQUEST_TYPES.map(
  (type) =>
    `<label><input type="checkbox" name="types" value="${type}"${ticked.has(type) ? ' checked' : ''}> ${escapeHtml(text.typeLabels[type])}</label>`,
).join('\n')}
</fieldset>
<label for="text">${escapeHtml(text.text)}</label>
<p class="hint" id="text-hint">${escapeHtml(text.textHint)}</p>
${error('text')}
<textarea id="text" name="text"${described('text', 'text-hint')}>${escapeHtml(values.text ?? '')}</textarea>
<fieldset${described('relationship')}>
<legend>${escapeHtml(text.relationship)}</legend>
${error('relationship')}
${RELATIONSHIPS.map(
  (r) =>
    `<label><input type="radio" name="relationship" value="${r}"${values.relationship === r ? ' checked' : ''}> ${escapeHtml(text.relationshipLabels[r])}</label>`,
).join('\n')}
</fieldset>
<div class="hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">Website</label><input type="text" id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></div>
<button type="submit">${escapeHtml(text.submit)}</button>
</form>
${privacyNotice(language, input.privacy)}
</main>`;
  return layout(language, text.title, body);
}

/** The short notice Art. 13 asks for, for what the form collects: who, why, how long, and the rights. */
function privacyNotice(language: ReplyLanguage, facts: FormPrivacyFacts): string {
  const notice = FORM_TEXT[language].privacyNotice;
  const fill = (line: string) =>
    escapeHtml(
      line
        .replace('{controller}', facts.controller)
        .replace('{contact}', facts.contact)
        .replace('{years}', String(facts.retentionYears)),
    );
  return `<section class="notice" aria-labelledby="privacy-notice">
<h2 id="privacy-notice">${escapeHtml(notice.title)}</h2>
${[notice.who, notice.why, notice.howLong, notice.rights].map((line) => `<p>${fill(line)}</p>`).join('\n')}
</section>`;
}

/**
 * The answer names no request id: whoever typed an address in must not learn the reference of
 * that person's case (it would let them write into it); the reference goes to the address.
 */
export function renderReceivedPage(language: ReplyLanguage): string {
  const text = FORM_TEXT[language];
  const body = `<main>
<h1>${escapeHtml(text.receivedTitle)}</h1>
<p>${escapeHtml(text.receivedNext)}</p>
<p><a href="/?lang=${language}">${escapeHtml(text.back)}</a></p>
</main>`;
  return layout(language, text.receivedTitle, body);
}
