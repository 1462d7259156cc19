/// <reference lib="dom" />
/** Telling the people (Art. 34): the text per language and the list, approved together, then sent. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { api, type IncidentView } from '../../api';
import { attempt, fieldValue } from '../../ui';
import { at } from '../incidents';
import { type Act, Field } from './field';

const NOTICE_PARTS = {
  nature: 'what happened',
  consequences: 'likely consequences',
  measures: 'what we did and do',
} as const;
type NoticePart = keyof typeof NOTICE_PARTS;
const PARTS: NoticePart[] = ['nature', 'consequences', 'measures'];

type Texts = Record<string, Record<NoticePart, string>>;

export function NoticeForm({
  view,
  act,
  fail,
}: {
  view: IncidentView;
  act: Act;
  fail: (error: string | undefined) => void;
}): VNode {
  const { notice, incident } = view;
  const [texts, setTexts] = useState<Texts>(() =>
    Object.fromEntries(
      notice.languages.map((language) => [
        language,
        {
          nature: notice.texts[language]?.nature ?? '',
          consequences: notice.texts[language]?.consequences ?? '',
          measures: notice.texts[language]?.measures ?? '',
        },
      ]),
    ),
  );
  const write = (language: string, part: NoticePart, value: string) => {
    const current = texts[language] ?? { nature: '', consequences: '', measures: '' };
    setTexts({ ...texts, [language]: { ...current, [part]: value } });
  };
  const approve = async () => {
    const written = Object.fromEntries(
      Object.entries(texts).map(([language, t]) => [
        language,
        { nature: t.nature.trim(), consequences: t.consequences.trim(), measures: t.measures.trim() },
      ]),
    );
    const failed = await attempt(async () => {
      // The list shown and the text typed, pinned by their digest.
      const preview = await api.noticePreview(incident.incidentId, written);
      await act('approve-notice', { digest: preview.digest, texts: written });
    });
    if (failed) fail(failed);
  };
  const { subjects } = notice;
  return html`<section class="card" id="incident-notice">
    <h2>Telling the people (Art. 34)</h2>
    <p class="muted">
      ${`${subjects.length} people; languages ${notice.languages.join(', ') || '—'}; ${notice.approved ? 'approved' : 'not approved'}.`}
    </p>
    ${Object.entries(notice.samples).map(
      ([language, mail]) => html`<details>
        <summary>${`${language}: ${mail.subject}`}</summary>
        <pre class="mail">${mail.text}</pre>
      </details>`,
    )}
    <details>
      <summary>The list</summary>
      <ul>
        ${subjects.map(
          (s) =>
            html`<li>${`${s.email} (${s.language})${s.notifiedAt ? ` – told ${at(s.notifiedAt)}` : ''}`}</li>`,
        )}
      </ul>
    </details>
    ${
      incident.assessment?.risk === 'high_risk' && subjects.length
        ? html`<div>
          ${notice.languages.map(
            (language) => html`<fieldset>
              <legend>${language}</legend>
              ${PARTS.map(
                (part) => html`<${Field}
                  id=${`notice-${language}-${part}`}
                  label=${`${language}: ${NOTICE_PARTS[part]}`}
                  value=${texts[language]?.[part] ?? ''}
                  onInput=${(e: Event) => write(language, part, fieldValue(e))}
                />`,
              )}
            </fieldset>`,
          )}
          <button type="button" id="approve-notice" onClick=${() => void approve()}>Approve this text and list</button>
          <button type="button" onClick=${() => void act('notify-subjects', {})}>Send the notices</button>
        </div>`
        : html`<p class="muted">People are told when the risk is high and the list is known.</p>`
    }
  </section>`;
}
