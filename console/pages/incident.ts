/// <reference lib="dom" />
/**
 * One breach: its facts (Art. 33(3)), the risk assessment, who was affected, the notice to the
 * people (Art. 34) and the filings with IMY. Every save draws the page again from the stored incident.
 */
import { html } from 'htm/preact';
import { Fragment, type VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { IncidentScope } from '../../functions/core/incidents/incidents';
import { api, type IncidentView } from '../api';
import { attempt, Facts, fieldValue, Loading, useLoad, useText } from '../ui';
import { at, ClockBadge, RISK_LABELS } from './incidents';

type Act = (action: string, body: object) => Promise<void>;

const NOTICE_PARTS = {
  nature: 'what happened',
  consequences: 'likely consequences',
  measures: 'what we did and do',
} as const;
type NoticePart = keyof typeof NOTICE_PARTS;
const PARTS: NoticePart[] = ['nature', 'consequences', 'measures'];

const splitList = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function Field(props: {
  id: string;
  label: string;
  value: string;
  onInput: (event: Event) => void;
  multiline?: boolean;
}): VNode {
  const multiline = props.multiline ?? true;
  return html`<div class="field">
    <label for=${props.id}>${props.label}</label>
    ${
      multiline
        ? html`<textarea id=${props.id} name=${props.id} value=${props.value} onInput=${props.onInput}></textarea>`
        : html`<input id=${props.id} name=${props.id} value=${props.value} onInput=${props.onInput} />`
    }
  </div>`;
}

function FactsForm({ view, act }: { view: IncidentView; act: Act }): VNode {
  const f = view.incident.facts;
  const [description, onDescription] = useText(f.description ?? '');
  const [data, onData] = useText(f.dataCategories.join(', '));
  const [people, onPeople] = useText(f.subjectCategories.join(', '));
  const [consequences, onConsequences] = useText(f.consequences ?? '');
  const [taken, onTaken] = useText(f.measuresTaken ?? '');
  const [proposed, onProposed] = useText(f.measuresProposed ?? '');
  const save = () =>
    void act('facts', {
      description: description.trim(),
      dataCategories: splitList(data),
      subjectCategories: splitList(people),
      consequences: consequences.trim(),
      measuresTaken: taken.trim(),
      measuresProposed: proposed.trim(),
    });
  return html`<section class="card" id="incident-facts">
    <h2>Facts (Art. 33(3))</h2>
    <${Field} id="f-description" label="What happened (nature of the breach)" value=${description} onInput=${onDescription} />
    <${Field} id="f-data" label="Categories of personal data (comma-separated)" value=${data} onInput=${onData} multiline=${false} />
    <${Field} id="f-people" label="Categories of people (comma-separated)" value=${people} onInput=${onPeople} multiline=${false} />
    <${Field} id="f-consequences" label="Likely consequences" value=${consequences} onInput=${onConsequences} />
    <${Field} id="f-taken" label="Measures taken" value=${taken} onInput=${onTaken} />
    <${Field} id="f-proposed" label="Measures proposed" value=${proposed} onInput=${onProposed} />
    <button type="button" onClick=${save}>Save facts</button>
  </section>`;
}

function AssessForm({ view, act }: { view: IncidentView; act: Act }): VNode {
  const assessment = view.incident.assessment;
  const [risk, onRisk] = useText(assessment?.risk ?? 'no_risk');
  const [reasoning, onReasoning] = useText(assessment?.reasoning ?? '');
  return html`<section class="card" id="incident-assess">
    <h2>Risk assessment</h2>
    <label for="risk">Risk to the people</label>
    <select id="risk" value=${risk} onChange=${onRisk}>
      ${Object.entries(RISK_LABELS).map(([value, label]) => html`<option value=${value}>${label}</option>`)}
    </select>
    <${Field} id="risk-reasoning" label="Reasoning" value=${reasoning} onInput=${onReasoning} />
    <button type="button" onClick=${() => void act('assess', { risk, reasoning: reasoning.trim() })}>Record assessment</button>
  </section>`;
}

/** A store searched by hand: staff say what they found, and the counts go into the incident. */
function ManualScopeTask({ scope, act }: { scope: IncidentScope; act: Act }): VNode {
  const task = scope.task;
  const [people, onPeople] = useText('0');
  const [records, onRecords] = useText('0');
  if (task?.doneAt)
    return html`<span>${`searched by hand: ${String(task.subjects)} people, ${String(task.records)} records`}</span>`;
  const done = () =>
    void act('complete-scope-task', {
      storeId: scope.storeId,
      subjects: Number(people),
      records: Number(records),
    });
  return html`<span class="manual-task"
    >${`staff task: ${task?.instructions ?? ''} `}<input
      type="number"
      min="0"
      aria-label="People found"
      value=${people}
      onInput=${onPeople}
    />${' people, '}<input type="number" min="0" aria-label="Records found" value=${records} onInput=${onRecords} />${' records '}<button
      type="button"
      onClick=${done}
    >
      Searched
    </button></span
  >`;
}

function ScopeForm({ view, act }: { view: IncidentView; act: Act }): VNode {
  const { scopes } = view.incident;
  const [store, onStore] = useText();
  const [from, onFrom] = useText();
  const [to, onTo] = useText();
  const [where, onWhere] = useText();
  const list = () => {
    const [fieldName, ...value] = where.split('=');
    void act('scope', {
      storeId: store.trim(),
      // Whole days in the staff's own time zone.
      from: new Date(`${from}T00:00:00`).toISOString(),
      to: new Date(`${to}T23:59:59.999`).toISOString(),
      ...(where.includes('=') && fieldName
        ? { condition: { field: fieldName.trim(), equals: value.join('=').trim() } }
        : {}),
    });
  };
  return html`<section class="card" id="incident-scope">
    <h2>Who was affected</h2>
    ${
      scopes.length
        ? html`<ul>
          ${scopes.map(
            (s) => html`<li>
              ${`${s.storeId}, ${at(s.from)} – ${at(s.to)}: `}${
                s.outcome === 'manual'
                  ? html`<${ManualScopeTask} scope=${s} act=${act} />`
                  : `${s.subjects} people, ${s.records} records${s.unreachableRecords ? `, ${s.unreachableRecords} without an address` : ''}`
              }
            </li>`,
          )}
        </ul>`
        : html`<p class="muted">Not scoped yet.</p>`
    }
    <label for="scope-store">Store (data map id)</label>
    <input id="scope-store" placeholder="crm" value=${store} onInput=${onStore} />
    <label for="scope-from">From</label>
    <input id="scope-from" type="date" value=${from} onInput=${onFrom} />
    <label for="scope-to">To</label>
    <input id="scope-to" type="date" value=${to} onInput=${onTo} />
    <label for="scope-where">Condition</label>
    <input id="scope-where" placeholder="field=value (optional)" value=${where} onInput=${onWhere} />
    <button type="button" onClick=${list}>List the people affected</button>
  </section>`;
}

type Texts = Record<string, Record<NoticePart, string>>;

function NoticeForm({
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

function FilingForm({ act, path }: { act: Act; path: string }): VNode {
  const [phase, onPhase] = useText('initial');
  const [channel, onChannel] = useText('imy_e_service');
  const [reference, onReference] = useText();
  const [lateReason, onLateReason] = useText();
  const record = () =>
    void act('record-filed', {
      phase,
      channel,
      ...(reference.trim() ? { reference: reference.trim() } : {}),
      ...(lateReason.trim() ? { lateReason: lateReason.trim() } : {}),
    });
  return html`<section class="card" id="incident-filing">
    <h2>Notification to IMY</h2>
    <p>
      <a href=${`${path}/authority-notice?format=html`} target="_blank">Prepared notification (printable)</a>${' · '}<a
        href=${`${path}/authority-notice`}
        target="_blank"
        >JSON</a
      >
    </p>
    <label for="filing-phase">Phase</label>
    <select id="filing-phase" value=${phase} onChange=${onPhase}>
      ${['initial', 'supplementary', 'final'].map((p) => html`<option value=${p}>${p}</option>`)}
    </select>
    <label for="filing-channel">Filed through</label>
    <select id="filing-channel" value=${channel} onChange=${onChannel}>
      <option value="imy_e_service">IMY's e-service</option>
      <option value="email">E-mail</option>
      <option value="post">Post</option>
    </select>
    <label for="filing-reference">IMY's reference</label>
    <input id="filing-reference" value=${reference} onInput=${onReference} />
    <${Field} id="filing-late" label="Reasons for the delay (after 72 hours)" value=${lateReason} onInput=${onLateReason} />
    <button type="button" onClick=${record}>Record the filing</button>
  </section>`;
}

export function IncidentPage({ id }: { id: string }): VNode {
  const { data: view, reload, version } = useLoad(() => api.incident(id), `incident:${id}`);
  const [error, setError] = useState<string>();
  if (!view) return html`<${Loading} />`;
  const path = `/api/incidents/${encodeURIComponent(id)}`;
  const act: Act = async (action, body) => {
    const failed = await attempt(async () => {
      await api.incidentAction(id, action, body);
      await reload();
    });
    setError(failed);
  };
  const { incident, summary } = view;
  const f = incident.facts;
  const assessment = incident.assessment;
  const forms = { view, act };
  return html`
    <p><a href="#/incidents">← Breaches</a></p>
    <h1>${`${incident.incidentId} · ${incident.title}`}</h1>
    <${Facts}
      entries=${[
        ['Status', incident.status],
        ['Aware since', at(incident.awareAt)],
        [
          'Notify IMY by',
          html`<span>${at(incident.authorityDeadline)}${' '}<${ClockBadge} item=${summary} /></span>`,
        ],
        ['Risk', assessment ? `${RISK_LABELS[assessment.risk]}: ${assessment.reasoning}` : 'Not assessed'],
        ['People affected', `about ${f.approxSubjects ?? '?'} people, ${f.approxRecords ?? '?'} records`],
        ['People told', String(incident.subjectsNotified)],
        [
          'IMY',
          incident.filings.length
            ? incident.filings.map((x) => `${x.phase} ${at(x.filedAt)}`).join('; ')
            : 'Not notified',
        ],
      ]}
    />
    <p class="error" role="alert" id="incident-error" hidden=${!error}>${error ?? ''}</p>
    <${Fragment} key=${version}>
      <${FactsForm} ...${forms} />
      <${AssessForm} ...${forms} />
      <${ScopeForm} ...${forms} />
      <${NoticeForm} ...${forms} fail=${setError} />
      <${FilingForm} act=${act} path=${path} />
    </${Fragment}>
    <section class="card">
      <h2>Timeline</h2>
      <ul>
        ${view.timeline.map((e) => html`<li>${`${at(e.at)} ${e.action} (${e.actor})`}</li>`)}
      </ul>
    </section>
  `;
}
