/// <reference lib="dom" />
/**
 * One request: its state and deadline, the message and the evidence, what each system gave, the
 * erasure plan, the correspondence, consents and timeline, and on the side what staff can do.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { RequestMessages } from '../../functions/core/staff/staff-views';
import { api, type RequestView } from '../api';
import { actionLabel, STATUS_EXPLAINED, STATUS_LABELS } from '../labels';
import { hrefOf } from '../router';
import {
  attempt,
  day,
  type Fact,
  Facts,
  Loading,
  StatusBadge,
  takeNotice,
  typesText,
  UrgencyBadge,
  useLoad,
  when,
  words,
} from '../ui';
import { ActionsPanel } from './request/actions';
import { AttentionCard } from './request/attention';
import { ConsentsCard } from './request/consents';
import { ErasurePlanBlock } from './request/erasure-plan';
import { MessageBlock, VerdictBadges } from './request/message';
import { Timeline } from './request/timeline';

const NO_MESSAGES: RequestMessages = { replies: [] };

function Summary({ view }: { view: RequestView }): VNode {
  const r = view.request;
  // The mail names no sender we could read: the address is the one the mail server saw.
  const fromMailServer = view.timeline.some(
    (e) => e.action === 'request_received' && e.detail?.senderFrom === 'mail_server',
  );
  const related: Fact[] = r.relatedTo
    ? [['Follows', html`<a href=${hrefOf.request(r.relatedTo)} class="mono" id="related">${r.relatedTo}</a>`]]
    : [];
  return html`<section class="card">
    <div class="summary">
      <div>
        <h1 class="mono">${r.id}</h1>
        <div>
          <${StatusBadge} status=${r.status} reason=${r.statusReason} />${' '}${
            r.pausedSince
              ? html`<span class="badge paused">Clock paused since ${day(r.pausedSince)}</span>`
              : null
          }
        </div>
        <p class="explain" id="explain">${STATUS_EXPLAINED[r.status] ?? ''}</p>
      </div>
      <div>
        <div class="muted small">Answer due</div>
        <div class="big">${day(r.dueAt)}</div>
        <${UrgencyBadge} item=${r} />
        ${r.extensionMonths ? html`<div class="muted small">Extended by ${r.extensionMonths} month(s)</div>` : null}
      </div>
      <div>
        <${Facts}
          entries=${[
            ['Asks for', typesText(r.types)],
            [
              'Requester',
              fromMailServer
                ? `${r.subjectEmail} (as the mail server read it: the mail names no sender we could read)`
                : r.subjectEmail,
            ],
            ['Language', r.language.toUpperCase()],
            ['Channel', r.channel === 'form' ? 'Web form' : 'E-mail'],
            ['Received', when(r.receivedAt)],
            ...related,
          ]}
        />
      </div>
    </div>
  </section>`;
}

function Evidence({ view }: { view: RequestView }): VNode {
  const { request: r, classification: c, verification: v } = view;
  const extra: Fact[] = [];
  if (r.otherFromAddresses?.length)
    extra.push([
      'Several From addresses',
      html`<span><span class="badge FAIL">Check who wrote</span>${` also ${r.otherFromAddresses.join(', ')}`}</span>`,
    ]);
  if (r.onBehalf)
    extra.push(['On behalf of someone', html`<span class="badge FAIL">Yes: check the mandate</span>`]);
  return html`<section class="card">
    <h2>Checks and evidence</h2>
    <${Facts}
      entries=${[
        [
          'Classified as',
          c
            ? `${String(c.category)} (${Math.round(Number(c.confidence) * 100)}% confidence, language ${String(c.language)})`
            : 'Not classified automatically',
        ],
        [
          'Identity',
          v.verifiedAt
            ? html`<span><span class="badge PASS">Confirmed</span>${` by e-mail link, ${when(v.verifiedAt)}`}</span>`
            : html`<span
                ><span class="badge GRAY">Not confirmed yet</span>${v.linksSent ? ` · ${v.linksSent} link(s) sent` : ''}</span
              >`,
        ],
        ['Mail checks', html`<${VerdictBadges} verdicts=${r.verdicts} />`],
        ...extra,
      ]}
    />
  </section>`;
}

function StoreResults({ view }: { view: RequestView }): VNode | null {
  if (!view.stores.length) return null;
  return html`<section class="card">
    <h2>Results per system</h2>
    <table>
      <thead>
        <tr><th>System</th><th>Outcome</th><th>Records</th></tr>
      </thead>
      <tbody>
        ${view.stores.map(
          (s) => html`<tr>
            <td>${s.storeName ?? s.storeId}</td>
            <td>${s.outcome ?? s.status ?? '—'}</td>
            <td>${String(s.records ?? s.recordCount ?? s.count ?? '—')}</td>
          </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

function Correspondence({ view, mails }: { view: RequestView; mails: RequestMessages }): VNode | null {
  if (!view.correspondence.length) return null;
  const replyAt = (at: string) => mails.replies.find((r) => r.at === at)?.message;
  return html`<section class="card">
    <h2>Correspondence</h2>
    ${view.correspondence.map((c) => {
      const reply = c.direction === 'in' ? replyAt(c.at) : undefined;
      return reply
        ? html`<${MessageBlock} message=${reply} title=${`${c.title} · ${when(c.at)}`} />`
        : html`<p>${`${when(c.at)} · ${c.direction === 'out' ? 'We sent' : 'Received'}: ${words(c.title)}`}</p>`;
    })}
  </section>`;
}

export function RequestPage({ id }: { id: string }): VNode {
  const { data, reload, version } = useLoad(
    () => Promise.all([api.request(id), api.messages(id).catch(() => NO_MESSAGES)]),
    `request:${id}`,
  );
  const [notice, setNotice] = useState(takeNotice);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  if (!data) return html`<${Loading} />`;
  const [view, mails] = data;

  /** Posts an action; on success the page is drawn again from the stored request, with a notice. */
  const post = async (action: string, body: object, said: (status: string) => string) =>
    attempt(async () => {
      const outcome = await api.act(id, action, body);
      await reload();
      setNotice(said(outcome.status));
    });
  const run = async (action: string, body: object = {}) => {
    setError(undefined);
    setBusy(true);
    const failed = await post(
      action,
      body,
      (status) => `${actionLabel(action)}: done. The request is now “${STATUS_LABELS[status] ?? status}”.`,
    );
    setBusy(false);
    setError(failed);
  };
  return html`
    <p><a href="#/queue">← Back to the queue</a></p>
    ${notice ? html`<p class="notice" role="status" id="notice">${notice}</p>` : null}
    <${Summary} view=${view} />
    <${AttentionCard}
      items=${view.attention}
      post=${(action: string, body: object) => post(action, body, () => `${actionLabel(action)}.`)}
    />
    <div class="grid">
      <div>
        <${MessageBlock} message=${mails.message} title="Original message" />
        <${Evidence} view=${view} />
        <${StoreResults} view=${view} />
        ${view.erasurePlan ? html`<${ErasurePlanBlock} plan=${view.erasurePlan} />` : null}
        <${Correspondence} view=${view} mails=${mails} />
        <${ConsentsCard} consents=${view.consents} />
        <${Timeline} events=${view.timeline} />
      </div>
      <aside>
        <${ActionsPanel} key=${version} view=${view} run=${(a: string, b?: object) => void run(a, b)} busy=${busy} error=${error} />
      </aside>
    </div>
  `;
}
