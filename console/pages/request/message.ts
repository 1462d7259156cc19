/// <reference lib="dom" />
/** A mail as staff read it: headers, attachments listed, and its text, which is hostile input and only ever text. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { Verdicts } from '../../../functions/core/request/request';
import type { StoredMessage } from '../../../functions/core/staff/staff-ports';
import { type Fact, Facts, when } from '../../ui';

export function MessageBlock({
  message,
  title,
}: {
  message: StoredMessage | undefined;
  title: string;
}): VNode {
  if (!message)
    return html`<section class="card">
      <h2>${title}</h2>
      <p class="muted">The original message is not available.</p>
    </section>`;
  const attachments: Fact[] = message.attachments.length
    ? [
        [
          'Attachments',
          message.attachments
            .map((a) => `${a.filename ?? 'unnamed'} (${a.contentType}, ${Math.ceil(a.size / 1024)} KB)`)
            .join('; '),
        ],
      ]
    : [];
  return html`<section class="card">
    <h2>${title}</h2>
    <${Facts}
      entries=${[['From', message.from ?? '—'], ['Subject', message.subject], ['Date', when(message.date)], ...attachments]}
    />
    <pre class="message" id="message-text">${message.text}</pre>
    ${message.truncated ? html`<p class="muted small">The message is long: only its beginning is shown.</p>` : null}
  </section>`;
}

const VERDICT_KEYS = ['spf', 'dkim', 'dmarc', 'spam', 'virus'] as const;

export function VerdictBadges({ verdicts }: { verdicts: Verdicts | undefined }): VNode {
  if (!verdicts) return html`<span class="muted">No mail verdicts (web form)</span>`;
  return html`<span>
    ${VERDICT_KEYS.map(
      (k) =>
        html`<span class=${`badge ${verdicts[k]}`} title=${`${k.toUpperCase()}: ${verdicts[k]}`}
            >${k.toUpperCase()} ${verdicts[k]}</span
          >${' '}`,
    )}
  </span>`;
}
