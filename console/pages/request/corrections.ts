/// <reference lib="dom" />
/**
 * The records the collection found, each field with a box for its right value: what staff fill in
 * are the corrections the workflow applies (stores that cannot be updated get them as a task).
 * Loaded on request, as reading them is personal data and audited.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { StoredFindings } from '../../../functions/core/request/artefacts';
import { api } from '../../api';
import { attempt, ErrorLine, fieldValue } from '../../ui';

export interface Correction {
  storeId: string;
  recordId: string;
  field: string;
  value: string;
}

/** The values typed so far, by store, record and field. */
export type CorrectionValues = Record<string, Correction>;

const keyOf = (c: Omit<Correction, 'value'>) => JSON.stringify([c.storeId, c.recordId, c.field]);

/** The corrections typed into the editor, as the rectification task's output takes them. */
export function correctionsEntered(values: CorrectionValues): { corrections?: Correction[] } {
  const corrections = Object.values(values)
    .map((c) => ({ ...c, value: c.value.trim() }))
    .filter((c) => c.value !== '');
  return corrections.length ? { corrections } : {};
}

export const shownValue = (value: unknown) =>
  typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '');

export function CorrectionsEditor({
  requestId,
  values,
  onChange,
}: {
  requestId: string;
  values: CorrectionValues;
  onChange: (values: CorrectionValues) => void;
}): VNode {
  const [stores, setStores] = useState<StoredFindings[]>();
  const [state, setState] = useState<'idle' | 'loading' | 'loaded'>('idle');
  const [error, setError] = useState<string>();
  const load = async () => {
    setState('loading');
    setError(
      await attempt(async () => {
        setStores((await api.findings(requestId)).stores);
        setState('loaded');
      }),
    );
  };
  const input = (storeId: string, recordId: string, field: string) => {
    const key = keyOf({ storeId, recordId, field });
    return html`<input
      type="text"
      aria-label=${`Right value of ${field} in ${storeId} ${recordId}`}
      data-store=${storeId}
      data-record=${recordId}
      data-field=${field}
      maxlength="1000"
      value=${values[key]?.value ?? ''}
      onInput=${(e: Event) => onChange({ ...values, [key]: { storeId, recordId, field, value: fieldValue(e) } })}
    />`;
  };
  return html`<div id="corrections">
    ${error ? html`<${ErrorLine} error=${error} />` : null}
    ${
      state === 'idle' && !error
        ? html`<button id="load-corrections" type="button" onClick=${() => void load()}>Show the records to correct</button>`
        : null
    }
    ${state === 'loading' && !error ? html`<p class="muted small">Loading the records…</p>` : null}
    ${
      state === 'loaded' && stores
        ? stores.length === 0
          ? html`<p class="muted small">No records were found in any system.</p>`
          : html`<div>
            <p class="muted small">Type the right value next to each field to correct; leave the rest empty.</p>
            ${stores.map(
              (store) => html`<details data-store=${store.storeId}>
                <summary>${`${store.storeId}: ${store.records.length} record(s)`}</summary>
                ${store.records.map(
                  (record) => html`<table class="corrections">
                    <caption class="mono">${record.recordId}</caption>
                    ${Object.entries(record.fields).map(
                      ([field, current]) => html`<tr>
                        <th scope="row">${field}</th>
                        <td>${shownValue(current)}</td>
                        <td>${input(store.storeId, record.recordId, field)}</td>
                      </tr>`,
                    )}
                  </table>`,
                )}
              </details>`,
            )}
          </div>`
        : null
    }
  </div>`;
}
