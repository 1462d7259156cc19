/// <reference lib="dom" />
/**
 * The queue: open requests (and closed ones with a reply to read) with their deadlines. Filters
 * and sorting are the component's state, so typing or choosing keeps focus in the field.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { TERMINAL_STATUSES } from '../../functions/core/request/request';
import type { QueueItem } from '../../functions/core/staff/staff-views';
import { api } from '../api';
import { STATUS_LABELS, TYPE_LABELS } from '../labels';
import { hrefOf } from '../router';
import { checkedOf, day, fieldValue, Loading, StatusBadge, typesText, UrgencyBadge, useLoad } from '../ui';

type SortKey = 'dueAt' | 'receivedAt' | 'status';

interface Filters {
  status: string;
  type: string;
  channel: string;
  urgentOnly: boolean;
  sort: SortKey;
  descending: boolean;
}

/** Kept while the console is open, so coming back to the queue finds the same view. */
let lastFilters: Filters = {
  status: '',
  type: '',
  channel: '',
  urgentOnly: false,
  sort: 'dueAt',
  descending: false,
};

function shown(requests: QueueItem[], f: Filters): QueueItem[] {
  return requests
    .filter((r) => !f.status || r.status === f.status)
    .filter((r) => !f.type || r.types.some((t) => t === f.type))
    .filter((r) => !f.channel || r.channel === f.channel)
    .filter((r) => !f.urgentOnly || r.urgency === 'overdue' || r.urgency === 'due_soon')
    .sort((a, b) => {
      const order = String(a[f.sort]).localeCompare(String(b[f.sort]));
      return f.descending ? -order : order;
    });
}

function Select(props: {
  id: string;
  label: string;
  value: string;
  options: [string, string][];
  onChange: (value: string) => void;
}): VNode {
  return html`<div>
    <label for=${props.id}>${props.label}</label>
    <select id=${props.id} value=${props.value} onChange=${(e: Event) => props.onChange(fieldValue(e))}>
      ${props.options.map(([v, text]) => html`<option value=${v}>${text}</option>`)}
    </select>
  </div>`;
}

function QueueRow({ r }: { r: QueueItem }): VNode {
  return html`<tr class=${r.urgency} data-request=${r.id}>
    <td>${TERMINAL_STATUSES.includes(r.status) ? html`<span class="badge">Closed</span>` : html`<${UrgencyBadge} item=${r} />`}</td>
    <td><a href=${hrefOf.request(r.id)} class="mono">${r.id}</a></td>
    <td><${StatusBadge} status=${r.status} reason=${r.statusReason} /></td>
    <td>${typesText(r.types)}</td>
    <td>${r.language.toUpperCase()}</td>
    <td>${r.channel === 'form' ? 'Web form' : 'E-mail'}</td>
    <td class="nowrap">${day(r.receivedAt)}</td>
    <td class="nowrap">${day(r.dueAt)}${r.extended ? html`<span class="muted small"> (extended)</span>` : null}</td>
    <td class="mono">${r.subject}</td>
    <td class="attention">${r.attention.map((text) => html`<span class="badge attention">${text}</span>`)}</td>
  </tr>`;
}

export function QueuePage(): VNode {
  const { data } = useLoad(api.queue, 'queue');
  const [filters, setFilters] = useState(lastFilters);
  const update = (change: Partial<Filters>) => {
    lastFilters = { ...filters, ...change };
    setFilters(lastFilters);
  };
  if (!data) return html`<${Loading} />`;
  const { requests } = data;
  const rows = shown(requests, filters);
  const open = requests.filter((r) => !TERMINAL_STATUSES.includes(r.status));
  const overdue = open.filter((r) => r.urgency === 'overdue').length;
  const dueSoon = open.filter((r) => r.urgency === 'due_soon').length;
  const toRead = requests.filter((r) => r.attention.length > 0).length;
  const sortButton = (key: SortKey, label: string) =>
    html`<button
      type="button"
      aria-sort=${filters.sort === key ? (filters.descending ? 'descending' : 'ascending') : 'none'}
      onClick=${() => update({ sort: key, descending: filters.sort === key ? !filters.descending : false })}
    >
      ${label}
    </button>`;
  return html`
    <h1>Open requests</h1>
    <p class="muted small">Closed requests appear here too while a reply from the requester waits to be read.</p>
    <div class="counts">
      <span class="badge">${open.length} open</span>
      ${overdue ? html`<span class="badge overdue">${overdue} overdue</span>` : null}
      ${toRead ? html`<span class="badge attention">${toRead} with a reply to read</span>` : null}
      ${dueSoon ? html`<span class="badge due_soon">${dueSoon} due within 5 days</span>` : null}
    </div>
    <div class="filters">
      <${Select}
        id="f-status"
        label="Status"
        value=${filters.status}
        options=${[['', 'All open'], ...Object.entries(STATUS_LABELS).filter(([s]) => !(TERMINAL_STATUSES as readonly string[]).includes(s))]}
        onChange=${(status: string) => update({ status })}
      />
      <${Select}
        id="f-type"
        label="Type"
        value=${filters.type}
        options=${[['', 'All types'], ...Object.entries(TYPE_LABELS)]}
        onChange=${(type: string) => update({ type })}
      />
      <${Select}
        id="f-channel"
        label="Channel"
        value=${filters.channel}
        options=${[['', 'All channels'], ['email', 'E-mail'], ['form', 'Web form']]}
        onChange=${(channel: string) => update({ channel })}
      />
      <div>
        <label for="f-urgent">Deadline</label>
        <label class="checks">
          <input
            type="checkbox"
            id="f-urgent"
            checked=${filters.urgentOnly}
            onChange=${(e: Event) => update({ urgentOnly: checkedOf(e) })}
          />Only overdue or due soon
        </label>
      </div>
    </div>
    ${
      rows.length === 0
        ? html`<div class="card"><p class="muted">No open requests match. Nothing is waiting for you.</p></div>`
        : html`<table id="queue">
          <thead>
            <tr>
              <th>${sortButton('dueAt', 'Deadline')}</th>
              <th>Request</th>
              <th>${sortButton('status', 'Status')}</th>
              <th>Type</th>
              <th>Lang</th>
              <th>Channel</th>
              <th>${sortButton('receivedAt', 'Received')}</th>
              <th>Due date</th>
              <th>Requester</th>
              <th>Needs reading</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map((r) => html`<${QueueRow} key=${r.id} r=${r} />`)}
          </tbody>
        </table>`
    }
  `;
}
