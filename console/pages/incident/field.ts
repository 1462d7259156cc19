/// <reference lib="dom" />
/** What the incident's forms share: a labelled text box, and the action that saves and draws the page again. */
import { html } from 'htm/preact';
import type { VNode } from 'preact';

/** Posts an incident action; the page is drawn again from the stored incident. */
export type Act = (action: string, body: object) => Promise<void>;

export const splitList = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function Field(props: {
  id: string;
  label: string;
  value: string;
  onInput: (event: Event) => void;
  multiline?: boolean;
}): VNode {
  const multiline = props.multiline ?? true;
  return html`<div class="field">
    <label for=${props.id}>${props.label}</label>
    ${
      multiline
        ? html`<textarea id=${props.id} name=${props.id} value=${props.value} onInput=${props.onInput}></textarea>`
        : html`<input id=${props.id} name=${props.id} value=${props.value} onInput=${props.onInput} />`
    }
  </div>`;
}
