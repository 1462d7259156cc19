/// <reference lib="dom" />
/** The request's audit trail in words. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import type { AuditEvent } from '../../../functions/core/request/request';
import { STATUS_LABELS } from '../../labels';
import { typesText, when, words } from '../../ui';

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const list = (value: unknown) => (Array.isArray(value) ? value.map(String) : []);

export function describeEvent(e: AuditEvent): string {
  const detail = e.detail ?? {};
  const to = e.toStatus ? ` → ${STATUS_LABELS[e.toStatus] ?? e.toStatus}` : '';
  if (e.action === 'mail_sent') return `Mail sent to the requester: ${words(text(detail.template))}`;
  if (e.action === 'mail_received') {
    if (detail.fromRequester === false) return 'Mail received from another sender';
    return Array.isArray(detail.askedForMore)
      ? `Reply received from the requester, asking for more: ${typesText(list(detail.askedForMore))}`
      : 'Reply received from the requester';
  }
  if (e.action === 'related_request_opened')
    return `The requester's reply opened a new request: ${text(detail.requestId)} (${typesText(list(detail.types))})`;
  if (e.action === 'attention_resolved') return 'Reply from the requester marked as read and answered';
  if (e.action === 'store_collected') {
    const count = detail.recordCount === undefined ? '' : `, ${text(detail.recordCount)} record(s)`;
    return `Searched ${text(detail.storeId ?? 'a system')}: ${words(text(detail.status))}${count}`;
  }
  if (e.action.startsWith('task_opened:'))
    return `Task for staff: ${e.action.slice('task_opened:'.length).replace(/^manual:/, '')}${to}`;
  const reason = detail.reason && !e.toStatus ? ` (${words(text(detail.reason))})` : '';
  const said = words(e.action.replace(/^step:/, 'Workflow step: '));
  return `${said.charAt(0).toUpperCase()}${said.slice(1)}${reason}${to}`;
}

export function Timeline({ events }: { events: AuditEvent[] }): VNode {
  return html`<section class="card">
    <h2>Timeline</h2>
    <ol class="timeline">
      ${events.map(
        (e) =>
          html`<li>
            <span class="muted small">${when(e.at)}</span>${` ${describeEvent(e)} `}<span class="muted small"
              >· ${e.actor}</span
            >
          </li>`,
      )}
    </ol>
  </section>`;
}
