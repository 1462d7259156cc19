/// <reference lib="dom" />
/**
 * The request page's side panel: the actions the request's state offers (the view's `actions`),
 * and the open staff tasks. Each panel keeps its own fields; the page runs the action.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { StaffActionName } from '../../../functions/core/staff/staff-action-input';
import type { RequestView } from '../../api';
import { REJECTION_LABELS, TYPE_LABELS } from '../../labels';
import { ActionPanel, checkedOf, ErrorLine, useText } from '../../ui';
import { ConsentTaskForm } from './consent-task';
import { ManualTaskPanel } from './manual-task';
import { PACKAGE_REVIEW_TASK, PackageReviewPanel } from './package-review';

/** Runs a request action; the page draws itself again when it succeeds. */
export type Run = (action: string, body?: object) => void;

/** A refusal states its reason (Art. 12(4)); on the merits, staff's explanation is required. */
function useRefusal(prefix: string, reasonId: string, reasonLabel: string) {
  const [reason, onReason] = useText(Object.keys(REJECTION_LABELS)[0] ?? '');
  const [detail, onDetail] = useText();
  const [quote, setQuote] = useState(false);
  const fields = html`
    <label for=${reasonId}>${reasonLabel}</label>
    <select id=${reasonId} value=${reason} onChange=${onReason}>
      ${Object.entries(REJECTION_LABELS).map(([v, t]) => html`<option value=${v}>${t}</option>`)}
    </select>
    <label for=${`${prefix}-detail`}>Explanation (kept in the trail; required on the merits)</label>
    <textarea id=${`${prefix}-detail`} maxlength="2000" value=${detail} onInput=${onDetail}></textarea>
    <label
      ><input type="checkbox" id=${`${prefix}-quote`} checked=${quote} onChange=${(e: Event) => setQuote(checkedOf(e))} />
      ${' Quote it in the notice to the requester'}</label
    >
  `;
  const body = () => ({ reason, ...(detail.trim() ? { detail: detail.trim(), quote } : {}) });
  return { fields, body };
}

function NameSubject({ run }: { run: Run }): VNode {
  const [email, onEmail] = useText();
  return html`<${ActionPanel}
    title="Name the person this is for"
    hint="Written on behalf of someone whose address the mail does not give. Name them (ask the writer with a question if needed): they confirm their address, and the writer is told we deal with them directly. Give the writer’s own address if they asked for themselves."
  >
    <label for="subject-email">Their email address</label>
    <input id="subject-email" type="email" autocomplete="off" value=${email} onInput=${onEmail} />
    <div class="row">
      <button class="primary" id="name-subject" onClick=${() => run('name-subject', { email })}>Name and start</button>
    </div>
  </${ActionPanel}>`;
}

function Reject({ run }: { run: Run }): VNode {
  const refusal = useRefusal('reject', 'reject-reason', 'Reject because');
  return html`<div class="action">
    ${refusal.fields}
    <div class="row">
      <button class="danger" id="reject" onClick=${() => run('reject', refusal.body())}>Reject</button>
    </div>
  </div>`;
}

function ErasurePlanDecision({ run }: { run: Run }): VNode {
  const refusal = useRefusal('plan', 'plan-reason', 'Or reject because');
  return html`<${ActionPanel}
    title="Erasure plan"
    hint="Check the plan on the left: what is deleted, anonymised, or kept under a legal hold."
  >
    <div class="row">
      <button class="primary" id="approve-erasure-plan" onClick=${() => run('approve-erasure-plan')}>Approve plan</button>
    </div>
    ${refusal.fields}
    <div class="row">
      <button class="danger" onClick=${() => run('reject-erasure-plan', refusal.body())}>Reject plan</button>
    </div>
  </${ActionPanel}>`;
}

function Reclassify({ current, run }: { current: readonly string[]; run: Run }): VNode {
  const [chosen, setChosen] = useState<readonly string[]>(current);
  const toggle = (type: string, on: boolean) =>
    setChosen(on ? [...chosen, type] : chosen.filter((t) => t !== type));
  return html`<div class="action">
    <h2>Request types</h2>
    <div class="checks" id="types">
      ${Object.entries(TYPE_LABELS).map(
        ([t, label]) => html`<label
          ><input type="checkbox" value=${t} checked=${chosen.includes(t)} onChange=${(e: Event) => toggle(t, checkedOf(e))} />${label}</label
        >`,
      )}
    </div>
    <div class="row">
      <button
        id="reclassify"
        onClick=${() => run('reclassify', { types: Object.keys(TYPE_LABELS).filter((t) => chosen.includes(t)) })}
      >
        Save types
      </button>
    </div>
  </div>`;
}

function MoreInfo({ run }: { run: Run }): VNode {
  const [question, onQuestion] = useText();
  return html`<${ActionPanel}
    title="Ask the requester"
    hint="Mails your question in their language. Before approval the deadline pauses until they reply (or you resume it); after approval it keeps running."
  >
    <textarea id="question" aria-label="Question to the requester" value=${question} onInput=${onQuestion}></textarea>
    <div class="row">
      <button id="more-info" onClick=${() => run('more-info', { question })}>Send question</button>
    </div>
  </${ActionPanel}>`;
}

function Extend({ run }: { run: Run }): VNode {
  const [months, onMonths] = useText('1');
  const [reason, onReason] = useText();
  return html`<${ActionPanel}
    title="Extend the deadline"
    hint="Once, within the first month, by up to two months (GDPR Art. 12(3)). The requester is told the reason."
  >
    <label for="extend-months">By</label>
    <select id="extend-months" value=${months} onChange=${onMonths}>
      <option value="1">One month</option>
      <option value="2">Two months</option>
    </select>
    <label for="extend-reason">Reason (sent to the requester)</label>
    <textarea id="extend-reason" value=${reason} onInput=${onReason}></textarea>
    <div class="row">
      <button id="extend" onClick=${() => run('extend', { months: Number(months), reason })}>Extend</button>
    </div>
  </${ActionPanel}>`;
}

function RevokeLink({ run }: { run: Run }): VNode {
  const [reason, onReason] = useText();
  return html`<div class="action">
    <h2>Download link</h2>
    <p class="small">
      The package link works for whoever holds the mail until it expires. Revoke it if it may have reached someone else.
    </p>
    <label for="revoke-reason">Why (kept in the trail)</label>
    <input id="revoke-reason" type="text" value=${reason} onInput=${onReason} />
    <div class="row">
      <button class="danger" id="revoke-link" onClick=${() => run('revoke-link', { reason })}>Revoke download link</button>
    </div>
  </div>`;
}

export function ActionsPanel({
  view,
  run,
  busy,
  error,
}: {
  view: RequestView;
  run: Run;
  /** An action is under way: every button waits. */
  busy: boolean;
  error: string | undefined;
}): VNode {
  const { request: r, actions, tasks } = view;
  const has = (a: StaffActionName) => actions.includes(a);
  const complete = (taskId: string) => (output: object) => run('complete-task', { taskId, output });
  const taskPanels = tasks
    .filter((t) => t.kind === 'manual' && !t.completedAt)
    .map((task) =>
      task.taskId === PACKAGE_REVIEW_TASK
        ? html`<${PackageReviewPanel}
            key=${task.taskId}
            requestId=${r.id}
            task=${task}
            release=${(withheld: string[]) => complete(task.taskId)({ withheld })}
          />`
        : task.taskId === 'manual:consents'
          ? html`<${ConsentTaskForm} key=${task.taskId} task=${task} complete=${complete(task.taskId)} />`
          : html`<${ManualTaskPanel} key=${task.taskId} requestId=${r.id} task=${task} complete=${complete(task.taskId)} />`,
    );
  const parts = [
    has('name-subject') ? html`<${NameSubject} run=${run} />` : null,
    has('approve')
      ? html`<${ActionPanel}
          title=${r.status === 'triage' ? 'Accept as a request' : 'Review'}
          hint=${
            r.status === 'triage'
              ? 'Starts the workflow with the types below.'
              : 'Approve to collect and answer; reject with a reason the requester will be told.'
          }
        >
          <div class="row"><button class="primary" id="approve" onClick=${() => run('approve')}>Approve</button></div>
        </${ActionPanel}>`
      : null,
    has('reject') ? html`<${Reject} run=${run} />` : null,
    has('approve-erasure-plan') ? html`<${ErasurePlanDecision} run=${run} />` : null,
    ...taskPanels,
    has('reclassify') ? html`<${Reclassify} current=${r.types} run=${run} />` : null,
    has('more-info') ? html`<${MoreInfo} run=${run} />` : null,
    has('resume')
      ? html`<${ActionPanel}
          title="Clock paused"
          hint="Their reply resumes it by itself; resume by hand if they answered another way. The due date moves by the days it was paused."
        >
          <div class="row"><button id="resume" onClick=${() => run('resume')}>Resume the clock</button></div>
        </${ActionPanel}>`
      : null,
    has('extend') ? html`<${Extend} run=${run} />` : null,
    has('retry')
      ? html`<${ActionPanel} title="Failed step" hint="Runs the workflow again from the step that failed.">
          <div class="row"><button class="primary" id="retry" onClick=${() => run('retry')}>Retry</button></div>
        </${ActionPanel}>`
      : null,
    has('revoke-link') ? html`<${RevokeLink} run=${run} />` : null,
    has('cancel')
      ? html`<div class="action">
          <div class="row">
            <button
              class="danger"
              id="cancel"
              onClick=${() => {
                if (confirm('Cancel this request? The workflow stops and nothing more is sent.'))
                  run('cancel');
              }}
            >
              Cancel request
            </button>
          </div>
        </div>`
      : null,
  ].filter((part) => part !== null);
  return html`<section class="card actions">
    <div role="alert" id="action-error"><${ErrorLine} error=${error} /></div>
    <fieldset class="plain" disabled=${busy}>
      ${parts.length ? parts : html`<p class="muted">Nothing to do: the request is closed.</p>`}
    </fieldset>
  </section>`;
}
