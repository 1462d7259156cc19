/// <reference lib="dom" />
/** The dashboard: open work by deadline, type, channel and status, who is waiting, and the breach clock. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { Dashboard } from '../../functions/core/staff/staff-views';
import { api } from '../api';
import { STATUS_LABELS, TYPE_LABELS } from '../labels';
import { hrefOf } from '../router';
import { day, Loading, useLoad } from '../ui';
import { BreachClockCard } from './incidents';

function Tile({ n, label, kind = '' }: { n: number | null; label: string; kind?: string }): VNode {
  return html`<div class=${`tile ${kind}`}>
    <div class="n">${n === null ? '—' : String(n)}</div>
    <div class="muted">${label}</div>
  </div>`;
}

/** A bar's width is a style object, which preact sets through the CSSOM: the CSP forbids style attributes. */
function Breakdown({
  title,
  counts,
  labels,
}: {
  title: string;
  counts: Partial<Record<string, number>>;
  labels: Record<string, string>;
}): VNode {
  const entries = Object.entries(counts)
    .map(([k, v]): [string, number] => [k, v ?? 0])
    .sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...entries.map(([, v]) => v));
  return html`<section class="card">
    <h2>${title}</h2>
    ${
      entries.length
        ? html`<table>
          <tbody>
            ${entries.map(
              ([k, v]) => html`<tr>
                <td>${labels[k] ?? k}</td>
                <td class="bar-cell">
                  <div class="bar" style=${{ width: `${Math.max(2, Math.round((v / max) * 100))}%` }}></div>
                </td>
                <td>${String(v)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
        : html`<p class="muted">No open requests.</p>`
    }
  </section>`;
}

/** Paused requests and how long each has waited for the requester's answer, longest first. */
function WaitingList({ waiting }: { waiting: Dashboard['waiting'] }): VNode {
  return html`<section class="card" id="waiting">
    <h2>Waiting for the requester</h2>
    ${
      waiting.length
        ? html`<table>
          <tbody>
            ${waiting.map(
              (w) => html`<tr>
                <td><a href=${hrefOf.request(w.id)} class="mono">${w.id}</a></td>
                <td>${`${w.daysWaiting} day${w.daysWaiting === 1 ? '' : 's'}`}</td>
                <td class="muted">${w.daysWaiting >= 14 ? 'reminded: follow up' : ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
        : html`<p class="muted">No request is waiting for the requester.</p>`
    }
  </section>`;
}

export function DashboardPage(): VNode {
  const { data: d } = useLoad(api.dashboard, 'dashboard');
  if (!d) return html`<${Loading} />`;
  return html`
    <h1>Dashboard</h1>
    <p class="muted">As of ${day(d.today)}</p>
    <div class="tiles" id="tiles">
      <${Tile} n=${d.open} label="Open requests" />
      <${Tile} n=${d.dueSoon} label="Due within 5 days" kind="due_soon" />
      <${Tile} n=${d.overdue} label="Overdue" kind="overdue" />
      <${Tile} n=${d.paused} label="Waiting for the requester" />
      <${Tile} n=${d.completedThisMonth} label="Completed this month" />
      <${Tile} n=${d.medianDaysToComplete} label="Median days to complete" />
    </div>
    <div class="grid">
      <${Breakdown} title="Open requests by type" counts=${d.byType} labels=${TYPE_LABELS} />
      <${Breakdown} title="By channel" counts=${d.byChannel} labels=${{ email: 'E-mail', form: 'Web form' }} />
    </div>
    <${Breakdown} title="Open requests by status" counts=${d.byStatus} labels=${STATUS_LABELS} />
    <${WaitingList} waiting=${d.waiting} />
    <${BreachClockCard} />
  `;
}
