/// <reference lib="dom" />
/** Retention sweeps: the list, with "plan a sweep now" and a dry run. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { SweepAction } from '../../functions/core/retention/retention-sweep';
import { api } from '../api';
import { go, hrefOf } from '../router';
import { attempt, ErrorLine, Loading, useLoad, when } from '../ui';

export const SWEEP_STATUS_LABELS: Record<string, string> = {
  requested: 'Asked for',
  planning: 'Being planned',
  dry_run: 'Dry run (nothing changed)',
  awaiting_approval: 'Waiting for approval',
  approved: 'Approved, to be carried out',
  executing: 'Being carried out',
  completed: 'Completed',
  incomplete: 'Completed with records left',
  rejected: 'Rejected',
  failed: 'Failed',
};

export const countsText = (c: Record<SweepAction, number> | undefined) =>
  c ? `delete ${c.delete}, anonymise ${c.anonymise}, hold ${c.retain}` : '—';

export function RetentionSweepsPage(): VNode {
  const { data } = useLoad(api.sweeps, 'sweeps');
  const [error, setError] = useState<string>();
  if (!data) return html`<${Loading} />`;
  const request = async (dryRun: boolean) =>
    setError(
      await attempt(async () => {
        const item = await api.requestSweep(dryRun);
        go(hrefOf.sweep(item.sweepId));
      }),
    );
  return html`
    <h1>Retention sweeps</h1>
    <p class="muted">
      Records past their store's retention rule in the data map, planned as an erasure (delete, anonymise, or keep under a legal hold). Nothing changes until a plan is approved. A sweep is planned every night.
    </p>
    <div class="actions">
      <button class="primary" id="plan-sweep" onClick=${() => void request(false)}>Plan a sweep now</button>
      <button id="dry-run" onClick=${() => void request(true)}>Dry run</button>
    </div>
    <div role="alert"><${ErrorLine} error=${error} /></div>
    ${
      data.sweeps.length === 0
        ? html`<div class="card"><p class="muted">No sweep yet.</p></div>`
        : html`<table id="sweeps">
          <thead>
            <tr><th>Sweep</th><th>Status</th><th>Asked</th><th>Plan</th></tr>
          </thead>
          <tbody>
            ${data.sweeps.map(
              (s) => html`<tr key=${s.sweepId} data-sweep=${s.sweepId}>
                <td><a href=${hrefOf.sweep(s.sweepId)} class="mono">${s.sweepId}</a></td>
                <td>${SWEEP_STATUS_LABELS[s.status] ?? s.status}</td>
                <td class="nowrap">${when(s.requestedAt)}</td>
                <td>${countsText(s.summary?.counts)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
    }
  `;
}
