/// <reference lib="dom" />
/** The subject's consents from the ledger: the current state per purpose and every change in order. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { RequestDetail } from '../../../functions/core/staff/staff-views';
import { Facts, when, words } from '../../ui';

export function ConsentsCard({ consents }: { consents: RequestDetail['consents'] }): VNode {
  const states = consents?.states ?? [];
  const history = consents?.history ?? [];
  return html`<section class="card">
    <h2>Consents</h2>
    ${
      states.length === 0 && history.length === 0
        ? html`<p class="muted">No consents recorded for this address.</p>`
        : html`<${Facts} entries=${states.map((s) => [words(s.purpose), `${s.status} since ${when(s.since)}`])} />`
    }
    ${
      history.length
        ? html`<ol class="timeline">
          ${history.map(
            (c) =>
              html`<li>
                <span class="muted small">${when(c.at)}</span>${` ${c.kind}: ${words(c.purpose)} `}<span
                  class="muted small"
                  >${`· via ${c.channel}${c.requestId ? ` (${c.requestId})` : ''}`}</span
                >
              </li>`,
          )}
        </ol>`
        : null
    }
  </section>`;
}
