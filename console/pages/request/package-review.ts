/// <reference lib="dom" />
/**
 * The staff check of an access package before it leaves (Art. 15(4)): the records of the stores
 * marked review-before-release, each with a box to withhold it, and one button that releases the
 * package without the ticked records. The records are loaded on request (reading them is audited).
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { StoredFindings } from '../../../functions/core/request/artefacts';
import type { TaskView } from '../../../functions/core/staff/staff-views';
import { api } from '../../api';
import { attempt, checkedOf, ErrorLine } from '../../ui';
import { shownValue } from './corrections';

export const PACKAGE_REVIEW_TASK = 'manual:package-review';

export function PackageReviewPanel({
  requestId,
  task,
  release,
}: {
  requestId: string;
  /** `subject` names the held stores, comma-separated. */
  task: TaskView;
  release: (withheld: string[]) => void;
}): VNode {
  const held = (task.subject ?? '').split(',').filter(Boolean);
  const [stores, setStores] = useState<StoredFindings[]>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const [withheld, setWithheld] = useState<ReadonlySet<string>>(new Set());
  const load = async () => {
    setLoading(true);
    setError(
      await attempt(async () => {
        setStores((await api.findings(requestId)).stores.filter((s) => held.includes(s.storeId)));
      }),
    );
  };
  const toggle = (recordId: string, on: boolean) => {
    const next = new Set(withheld);
    if (on) next.add(recordId);
    else next.delete(recordId);
    setWithheld(next);
  };
  // Released only after the records were shown: the check is the point of the task.
  return html`<div class="action">
    <h2>Check the package before it leaves</h2>
    <p class="small">${task.instructions ?? ''}</p>
    <div id="package-review">
      ${error ? html`<${ErrorLine} error=${error} />` : null}
      ${
        !loading && !error
          ? html`<button id="load-package-review" type="button" onClick=${() => void load()}>Show the records to check</button>`
          : null
      }
      ${loading && !stores && !error ? html`<p class="muted small">Loading the records…</p>` : null}
      ${
        stores
          ? [
              html`<p class="muted small">Tick each record that must not leave (it is about someone else).</p>`,
              ...stores.map(
                (store) => html`<fieldset data-store=${store.storeId}>
                <legend>${`${store.storeId}: ${store.records.length} record(s)`}</legend>
                ${store.records.map(
                  (record) => html`<div class="record">
                    <label
                      ><input
                        type="checkbox"
                        data-withhold=${record.recordId}
                        checked=${withheld.has(record.recordId)}
                        onChange=${(e: Event) => toggle(record.recordId, checkedOf(e))}
                      />${` Withhold ${record.recordId}`}</label
                    >
                    <table>
                      ${Object.entries(record.fields).map(
                        ([field, value]) => html`<tr>
                          <th scope="row">${field}</th>
                          <td>${shownValue(value)}</td>
                        </tr>`,
                      )}
                    </table>
                  </div>`,
                )}
              </fieldset>`,
              ),
            ]
          : null
      }
    </div>
    <div class="row">
      <button
        id="release-package"
        class="primary"
        disabled=${!stores}
        onClick=${() => release([...withheld])}
      >
        Release package
      </button>
    </div>
  </div>`;
}
