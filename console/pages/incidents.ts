/// <reference lib="dom" />
/** The breach desk: the incident queue with the 72-hour clock, and the clock on the dashboard. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { IncidentSummary } from '../../functions/core/incidents/incidents';
import { api } from '../api';
import { go, hrefOf } from '../router';
import { attempt, ErrorLine, Loading, useLoad, useText } from '../ui';

const timeFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Stockholm',
  dateStyle: 'medium',
  timeStyle: 'short',
});
/** Breach times to the minute, with the year: the clock and the register run across years. */
export const at = (iso: string | undefined) => (iso ? timeFmt.format(new Date(iso)) : '—');

export const RISK_LABELS: Record<string, string> = {
  no_risk: 'No risk',
  risk: 'Risk: notify IMY',
  high_risk: 'High risk: notify IMY and the people',
};

type Clock = Pick<IncidentSummary, 'clock' | 'hoursLeft'>;

export function clockText(item: Clock): string {
  switch (item.clock) {
    case 'filed':
      return 'IMY notified';
    case 'not_required':
      return 'No notification needed';
    case 'passed':
      return `Late by ${-item.hoursLeft} h`;
    default:
      return `${item.hoursLeft} h left`;
  }
}

const clockClass = (item: Clock) =>
  item.clock === 'passed' ? 'overdue' : item.clock === '6h' || item.clock === '24h' ? 'due_soon' : '';

export function ClockBadge({ item }: { item: Clock }): VNode {
  return html`<span class=${`badge ${clockClass(item)}`} data-clock=${item.clock}>${clockText(item)}</span>`;
}

function OpenIncident(): VNode {
  const [title, onTitle] = useText();
  const [awareAt, onAwareAt] = useText();
  const [error, setError] = useState<string>();
  const open = async (event: Event) => {
    event.preventDefault();
    setError(
      await attempt(async () => {
        const { incident } = await api.openIncident({
          title,
          ...(awareAt ? { awareAt: new Date(awareAt).toISOString() } : {}),
        });
        go(hrefOf.incident(incident.incidentId));
      }),
    );
  };
  return html`<form class="card" id="open-incident" onSubmit=${(e: Event) => void open(e)}>
    <h2>Open an incident</h2>
    <label for="incident-title">What happened, in a few words</label>
    <input id="incident-title" required maxlength="300" value=${title} onInput=${onTitle} />
    <label for="incident-aware">When we became aware (empty: now)</label>
    <input id="incident-aware" type="datetime-local" value=${awareAt} onInput=${onAwareAt} />
    <button type="submit">Open incident</button>
    <div role="alert"><${ErrorLine} error=${error} /></div>
  </form>`;
}

export function IncidentQueuePage(): VNode {
  const { data } = useLoad(api.incidents, 'incidents');
  if (!data) return html`<${Loading} />`;
  const { incidents } = data;
  return html`
    <h1>Breaches</h1>
    <p class="muted">
      Every personal data breach, notified or not (Art. 33(5)). IMY must be told within 72 hours of awareness unless the breach is unlikely to result in a risk.
    </p>
    <p>
      <a href="/api/incident-register?format=csv" download="breach-register.csv">Export the register (CSV)</a>${' · '}<a
        href="/api/incident-register"
        target="_blank"
        >JSON</a
      >
    </p>
    ${
      incidents.length
        ? html`<table class="queue" id="incidents">
          <thead>
            <tr>
              ${['Incident', 'Clock', 'Deadline', 'Status', 'Risk', 'People', 'Told', 'Title'].map((t) => html`<th>${t}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${incidents.map(
              (i) => html`<tr key=${i.incidentId} data-incident=${i.incidentId}>
                <td><a href=${hrefOf.incident(i.incidentId)} class="mono">${i.incidentId}</a></td>
                <td>${i.status === 'open' ? html`<${ClockBadge} item=${i} />` : '—'}</td>
                <td>${at(i.authorityDeadline)}</td>
                <td>${i.status}</td>
                <td>${RISK_LABELS[i.risk ?? ''] ?? 'Not assessed'}</td>
                <td>${String(i.affectedSubjects)}</td>
                <td>${String(i.subjectsNotified)}</td>
                <td>${i.title}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
        : html`<p class="muted">No incidents.</p>`
    }
    <${OpenIncident} />
  `;
}

/** The dashboard's card: open breaches by their clock, the most urgent first. */
export function BreachClockCard(): VNode | null {
  const { data } = useLoad(api.incidents, 'breach-clock');
  if (!data) return null;
  const running = data.incidents.filter(
    (i) => i.status === 'open' && i.clock !== 'filed' && i.clock !== 'not_required',
  );
  return html`<section class="card" id="breach-clock">
    <h2>Breaches: the 72-hour clock</h2>
    ${
      running.length
        ? html`<table>
          <tbody>
            ${running.map(
              (i) => html`<tr>
                <td><a href=${hrefOf.incident(i.incidentId)} class="mono">${i.incidentId}</a></td>
                <td><${ClockBadge} item=${i} /></td>
                <td>${`notify IMY by ${at(i.authorityDeadline)}`}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
        : html`<p class="muted">No breach is waiting to be notified.</p>`
    }
  </section>`;
}
