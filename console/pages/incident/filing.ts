/// <reference lib="dom" />
/** The notification to IMY: the prepared notice, and each filing as staff made it. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useText } from '../../ui';
import { type Act, Field } from './field';

export function FilingForm({ act, path }: { act: Act; path: string }): VNode {
  const [phase, onPhase] = useText('initial');
  const [channel, onChannel] = useText('imy_e_service');
  const [reference, onReference] = useText();
  const [lateReason, onLateReason] = useText();
  const record = () =>
    void act('record-filed', {
      phase,
      channel,
      ...(reference.trim() ? { reference: reference.trim() } : {}),
      ...(lateReason.trim() ? { lateReason: lateReason.trim() } : {}),
    });
  return html`<section class="card" id="incident-filing">
    <h2>Notification to IMY</h2>
    <p>
      <a href=${`${path}/authority-notice?format=html`} target="_blank">Prepared notification (printable)</a>${' · '}<a
        href=${`${path}/authority-notice`}
        target="_blank"
        >JSON</a
      >
    </p>
    <label for="filing-phase">Phase</label>
    <select id="filing-phase" value=${phase} onChange=${onPhase}>
      ${['initial', 'supplementary', 'final'].map((p) => html`<option value=${p}>${p}</option>`)}
    </select>
    <label for="filing-channel">Filed through</label>
    <select id="filing-channel" value=${channel} onChange=${onChannel}>
      <option value="imy_e_service">IMY's e-service</option>
      <option value="email">E-mail</option>
      <option value="post">Post</option>
    </select>
    <label for="filing-reference">IMY's reference</label>
    <input id="filing-reference" value=${reference} onInput=${onReference} />
    <${Field} id="filing-late" label="Reasons for the delay (after 72 hours)" value=${lateReason} onInput=${onLateReason} />
    <button type="button" onClick=${record}>Record the filing</button>
  </section>`;
}
