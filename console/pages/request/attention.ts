/// <reference lib="dom" />
/** Replies staff have not marked read: what each asks, and the buttons that handle them. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { RequestDetail } from '../../../functions/core/staff/staff-views';
import { ErrorLine, typesText, when } from '../../ui';

export function AttentionCard({
  items,
  post,
}: {
  items: RequestDetail['attention'];
  /** Posts a request action and shows the page again with its notice; resolves to the error text. */
  post: (action: string, body: object) => Promise<string | undefined>;
}): VNode | null {
  const [error, setError] = useState<string>();
  if (items.length === 0) return null;
  const run = async (action: string, body: object) => setError(await post(action, body));
  return html`<section class="card attention" id="attention">
    <h2>The requester wrote</h2>
    <ul>
      ${items.map(
        (a) => html`<li>
          <span class="muted small">${when(a.at)}</span>${' '}${
            a.kind === 'asked_for_more'
              ? `Asked for more: ${typesText(a.types)}. The request's types are unchanged: reclassify it, or open a new request for this.`
              : 'A reply to read and answer (see the correspondence below).'
          }
          ${
            a.kind === 'asked_for_more'
              ? html`<div class="row">
                <button class="open-related" onClick=${() => void run('open-related', { attentionId: a.attentionId })}>
                  ${`Open a new request: ${typesText(a.types)}`}
                </button>
              </div>`
              : null
          }
        </li>`,
      )}
    </ul>
    <div role="alert"><${ErrorLine} error=${error} /></div>
    <div class="row">
      <button id="resolve-attention" onClick=${() => void run('resolve-attention', {})}>Mark as read and answered</button>
    </div>
  </section>`;
}
