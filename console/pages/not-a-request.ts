/// <reference lib="dom" />
/** Mail intake did not make a request of, with the reason; staff turn one into a request. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { api, type IgnoredMail } from '../api';
import { IGNORED_REASON_LABELS, TYPE_LABELS } from '../labels';
import { go, hrefOf } from '../router';
import { attempt, checkedOf, ErrorLine, Loading, setNotice, typesText, useLoad, when } from '../ui';

function TakeIn({ mail }: { mail: IgnoredMail }): VNode {
  const [chosen, setChosen] = useState<readonly string[]>(mail.types);
  const [error, setError] = useState<string>();
  const toggle = (type: string, on: boolean) =>
    setChosen(on ? [...chosen, type] : chosen.filter((t) => t !== type));
  const takeIn = async () =>
    setError(
      await attempt(async () => {
        const types = Object.keys(TYPE_LABELS).filter((t) => chosen.includes(t));
        const { requestId } = await api.takeIn(mail.mailId, types);
        setNotice(`Taken in as request ${requestId}: the requester gets an acknowledgement.`);
        go(hrefOf.request(requestId));
      }),
    );
  return html`<div>
    <div class="checks">
      ${Object.entries(TYPE_LABELS).map(
        ([t, label]) => html`<label
          ><input type="checkbox" value=${t} checked=${chosen.includes(t)} onChange=${(e: Event) => toggle(t, checkedOf(e))} />${label}</label
        >`,
      )}
    </div>
    <div role="alert"><${ErrorLine} error=${error} /></div>
    <button class="primary take-in" onClick=${() => void takeIn()}>Make it a request</button>
  </div>`;
}

function MailRow({ mail }: { mail: IgnoredMail }): VNode {
  return html`<tr data-mail=${mail.mailId}>
    <td class="nowrap">${when(mail.receivedAt)}</td>
    <td>${IGNORED_REASON_LABELS[mail.reason] ?? mail.reason}</td>
    <td class="mono">${mail.sender || '—'}</td>
    <td>${mail.subject}</td>
    <td>${mail.types.length ? typesText(mail.types) : '—'}</td>
    <td>
      ${
        mail.takenInAs
          ? html`<a href=${hrefOf.request(mail.takenInAs)} class="mono">Request ${mail.takenInAs}</a>`
          : html`<${TakeIn} mail=${mail} />`
      }
    </td>
  </tr>`;
}

export function NotARequestPage(): VNode {
  const { data } = useLoad(api.notARequest, 'not-a-request');
  if (!data) return html`<${Loading} />`;
  return html`
    <h1>Not a request</h1>
    <p class="muted">
      Mail intake did not turn into a request, and why. If one is a request after all, choose its types and make it one: its deadline runs from when the mail arrived.
    </p>
    ${
      data.mails.length === 0
        ? html`<div class="card"><p class="muted">No mail was left out.</p></div>`
        : html`<table id="not-a-request">
          <thead>
            <tr>
              <th>Received</th>
              <th>Why not a request</th>
              <th>From</th>
              <th>Subject</th>
              <th>Rights named</th>
              <th>Action</th>
            </tr>
          </thead>
          <tbody>
            ${data.mails.map((m) => html`<${MailRow} key=${m.mailId} mail=${m} />`)}
          </tbody>
        </table>`
    }
  `;
}
