/// <reference lib="dom" />
/**
 * One breach: its facts (Art. 33(3)), the risk assessment, who was affected, the notice to the
 * people (Art. 34) and the filings with IMY. Every save draws the page again from the stored incident.
 */
import { html } from 'htm/preact';
import { Fragment, type VNode } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../api';
import { attempt, Facts, Loading, useLoad } from '../ui';
import { AssessForm, FactsForm } from './incident/facts';
import type { Act } from './incident/field';
import { FilingForm } from './incident/filing';
import { NoticeForm } from './incident/notice';
import { ScopeForm } from './incident/scope';
import { at, ClockBadge, RISK_LABELS } from './incidents';

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
