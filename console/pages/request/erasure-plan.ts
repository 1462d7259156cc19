/// <reference lib="dom" />
/** The erasure plan staff approve: per system what is deleted, anonymised, or kept under which legal hold. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { ErasurePlanSummary } from '../../../functions/core/erasure/plan-erasure-step';
import { day, words } from '../../ui';

export function ErasurePlanBlock({ plan }: { plan: ErasurePlanSummary }): VNode {
  const { counts } = plan;
  const retained = plan.retained ?? [];
  const review = plan.review ?? [];
  return html`<section class="card" id="erasure-plan">
    <h2>Erasure plan</h2>
    <p>
      ${`${counts.delete} record(s) deleted, ${counts.anonymise} anonymised, ${counts.retain} kept under a legal hold`}${counts.review ? `, ${counts.review} for staff to decide` : ''}${plan.plannedOn ? html`<span class="muted small"> · planned ${day(plan.plannedOn)}</span>` : null}
    </p>
    <table>
      <thead>
        <tr>
          <th>System</th>
          <th>Delete</th>
          <th>Anonymise</th>
          <th>Keep</th>
          <th>Legal hold, until</th>
        </tr>
      </thead>
      <tbody>
        ${plan.stores.map(
          (st) => html`<tr>
            <td>
              ${st.storeName ?? st.storeId}${st.connectorType === 'manual' ? html`<div class="muted small">by hand: ${st.instructions ?? ''}</div>` : null}
            </td>
            <td>${st.counts.delete}</td>
            <td>${st.counts.anonymise}</td>
            <td>${st.counts.retain}</td>
            <td>
              ${st.legalHold ? `${st.legalHold.name} (${st.legalHold.reference})${st.retainUntil ? `, until ${day(st.retainUntil)}` : ''}` : '—'}
            </td>
          </tr>`,
        )}
      </tbody>
    </table>
    ${
      retained.length
        ? html`<p class="muted small">
          ${`${retained.length} record(s) kept: the requester is told what is kept, under which law, and until when.`}
        </p>`
        : null
    }
    ${
      review.length
        ? html`<p class="error">
          ${`${review.length} record(s) need your decision before erasure: `}${review.map((r) => `${r.storeId} (${words(r.reason)})`).join(', ')}
        </p>`
        : null
    }
  </section>`;
}
