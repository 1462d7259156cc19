/// <reference lib="dom" />
/** Who was affected: a store, a time window and a condition, listed by its connector or searched by hand. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { IncidentScope } from '../../../functions/core/incidents/incidents';
import type { IncidentView } from '../../api';
import { useText } from '../../ui';
import { at } from '../incidents';
import type { Act } from './field';

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

export function ScopeForm({ view, act }: { view: IncidentView; act: Act }): VNode {
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
