/// <reference lib="dom" />
/**
 * One retention sweep: its plan per store, where staff keep records with a reason and approve,
 * or reject; and once carried out, its report.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { SweepStorePlan } from '../../functions/core/retention/retention-sweep';
import { api, type SweepView } from '../api';
import { attempt, ErrorLine, fieldValue, Loading, useLoad, when } from '../ui';
import { countsText, SWEEP_STATUS_LABELS } from './retention-sweeps';

const MODE_LABELS: Record<string, string> = {
  connector: 'Swept by its connector',
  manual: 'By hand',
  consent: 'Until consent is withdrawn',
  not_listable: 'By hand (its API cannot list by date)',
};

/** Records shown per store; the command line pages through the rest. */
const SHOWN_RECORDS = 200;

/** Reasons typed to keep records this time, by store and record. */
type Holds = Record<string, { storeId: string; recordId: string; reason: string }>;
const holdKey = (storeId: string, recordId: string) => JSON.stringify([storeId, recordId]);

function StoreBlock({
  sweepId,
  store,
  deciding,
  holds,
  setHold,
}: {
  sweepId: string;
  store: SweepStorePlan;
  deciding: boolean;
  holds: Holds;
  setHold: (recordId: string, reason: string) => void;
}): VNode {
  const shown = store.records.slice(0, SHOWN_RECORDS);
  const total = store.recordCount ?? store.records.length;
  return html`<section class="card" data-store=${store.storeId}>
    <h2>${store.storeName}</h2>
    <p class="muted">
      ${`${MODE_LABELS[store.mode] ?? store.mode}. Rule: ${store.retention}`}${
        store.listedBefore ? ` Listed records dated before ${store.listedBefore}: ${store.listed}.` : ''
      }${store.undated > 0 ? ` ${store.undated} without a readable date, left for staff.` : ''}
    </p>
    ${store.instructions ? html`<p>${store.instructions}</p>` : null}
    ${
      store.records.length === 0
        ? html`<p class="muted">Nothing past retention.</p>`
        : html`<table>
          <thead>
            <tr>
              <th>Record</th>
              <th>Dated</th>
              <th>Kept until</th>
              <th>Plan</th>
              ${deciding ? html`<th>Keep it?</th>` : null}
            </tr>
          </thead>
          <tbody>
            ${shown.map((r) => {
              const hold =
                r.action === 'delete' || r.action === 'retain' || r.action === 'review'
                  ? r.legalHold
                  : undefined;
              const until = r.action === 'retain' ? r.retainUntil : undefined;
              return html`<tr>
                <td class="mono">${r.recordId}</td>
                <td class="nowrap">${r.recordDate ?? ''}</td>
                <td class="nowrap">${r.retentionEnded ?? ''}</td>
                <td>${r.action}${hold ? ` — ${hold.name} ${hold.reference}${until ? `, until ${until}` : ''}` : ''}</td>
                ${
                  deciding
                    ? html`<td>
                      ${
                        r.action === 'retain'
                          ? ''
                          : html`<input
                            type="text"
                            placeholder="Reason to keep it"
                            aria-label="Reason to keep it"
                            value=${holds[holdKey(store.storeId, r.recordId)]?.reason ?? ''}
                            onInput=${(e: Event) => setHold(r.recordId, fieldValue(e))}
                          />`
                      }
                    </td>`
                    : null
                }
              </tr>`;
            })}
          </tbody>
        </table>`
    }
    ${
      total > shown.length
        ? html`<p class="muted">
          ${`${shown.length} of ${total} records shown (all of them: privacy-desk retention show ${sweepId} --json --store ${store.storeId} --offset N)`}
        </p>`
        : null
    }
  </section>`;
}

function SweepBody({ sweep, reload }: { sweep: SweepView; reload: () => Promise<void> }): VNode {
  const { plan, report, sweepId } = sweep;
  const deciding = sweep.status === 'awaiting_approval';
  const [holds, setHolds] = useState<Holds>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const decide = async (action: 'approve' | 'reject', body: object) =>
    setError(
      await attempt(async () => {
        await api.sweepAction(sweepId, action, body);
        await reload();
      }),
    );
  const approve = () =>
    decide('approve', {
      holds: Object.values(holds)
        .map((h) => ({ ...h, reason: h.reason.trim() }))
        .filter((h) => h.reason !== ''),
    });
  const status = SWEEP_STATUS_LABELS[sweep.status] ?? sweep.status;
  return html`
    <p><a href="#/retention">← Retention sweeps</a></p>
    <h1>${`Retention sweep ${sweepId}`}</h1>
    <p>
      <strong id="sweep-status">${status}</strong>${plan ? ` · planned ${when(plan.plannedAt)} · ${countsText(plan.counts)}` : ''}${
        sweep.approvedBy ? ` · approved by ${sweep.approvedBy}` : ''
      }
    </p>
    ${
      report
        ? html`<div class="card" id="sweep-report">
          <h2>Report</h2>
          <p>
            ${`Deleted ${report.totals.deleted}, anonymised ${report.totals.anonymised}, held ${report.totals.held}, left for staff ${report.totals.manual}, still there ${report.totals.leftovers}.`}
          </p>
          ${report.stores.flatMap((s) =>
            s.held.map(
              (held) =>
                html`<p class="muted">${`${s.storeId}: ${held.recordIds.length} kept under ${held.name} (${held.reference})`}</p>`,
            ),
          )}
        </div>`
        : null
    }
    ${
      deciding
        ? html`<div class="card">
          <p>Approve to carry this plan out. Give a reason next to any record to keep it this time.</p>
          <button class="primary" id="approve-sweep" onClick=${() => void approve()}>Approve the sweep</button>
          <div>
            <input
              type="text"
              placeholder="Why not"
              aria-label="Why not"
              value=${reason}
              onInput=${(e: Event) => setReason(fieldValue(e))}
            /><button id="reject-sweep" onClick=${() => void decide('reject', { reason })}>Reject</button>
          </div>
          <div role="alert"><${ErrorLine} error=${error} /></div>
        </div>`
        : null
    }
    ${
      plan
        ? plan.stores.map(
            (store) => html`<${StoreBlock}
            key=${store.storeId}
            sweepId=${sweepId}
            store=${store}
            deciding=${deciding}
            holds=${holds}
            setHold=${(recordId: string, text: string) =>
              setHolds({
                ...holds,
                [holdKey(store.storeId, recordId)]: { storeId: store.storeId, recordId, reason: text },
              })}
          />`,
          )
        : html`<p class="muted">Being planned…</p>`
    }
  `;
}

export function RetentionSweepPage({ id }: { id: string }): VNode {
  const { data, reload, version } = useLoad(() => api.sweep(id), `sweep:${id}`);
  if (!data) return html`<${Loading} />`;
  return html`<${SweepBody} key=${version} sweep=${data} reload=${reload} />`;
}
