/// <reference lib="dom" />
/**
 * The consent task: which consents a withdrawal that named none withdraws (Art. 7(3)), and for an
 * objection on legitimate interests (Art. 21(1)) whether each purpose objected to stops or
 * continues on compelling legitimate grounds, which the answer quotes. The choices come with the task.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import type { TaskView } from '../../../functions/core/staff/staff-views';
import { checkedOf, fieldValue } from '../../ui';

const CONSENT_LABELS: Record<string, string> = {
  newsletter: 'Newsletter',
  event_invitations: 'Event invitations',
  crm_contact_storage: 'Contact details kept in the CRM after an event',
  candidate_data_retention: 'CV kept for future positions',
};

type Decision = '' | 'stop' | 'continue';
interface Objection {
  decision: Decision;
  grounds: string;
}

const asDecision = (value: string): Decision => (value === 'stop' || value === 'continue' ? value : '');

/** What the staff API's complete-task takes for this task. */
export interface ConsentTaskOutput {
  withdraw: string[];
  objections: { purposeId: string; decision: Decision; grounds?: string }[];
}

export function ConsentTaskForm({
  task,
  complete,
}: {
  task: TaskView;
  complete: (output: ConsentTaskOutput) => void;
}): VNode {
  const withdrawable = task.consentChoices?.withdraw ?? [];
  const objectTo = task.consentChoices?.objectTo ?? [];
  const [withdrawn, setWithdrawn] = useState<readonly string[]>([]);
  const [objections, setObjections] = useState<Record<string, Objection>>({});
  const objection = (id: string): Objection => objections[id] ?? { decision: '', grounds: '' };
  const setObjection = (id: string, change: Partial<Objection>) =>
    setObjections({ ...objections, [id]: { ...objection(id), ...change } });
  const entered = (): ConsentTaskOutput => ({
    withdraw: withdrawable.filter((p) => withdrawn.includes(p)),
    objections: objectTo
      .map(({ id }) => {
        const { decision, grounds } = objection(id);
        return { purposeId: id, decision, ...(grounds.trim() ? { grounds: grounds.trim() } : {}) };
      })
      .filter((o) => o.decision !== ''),
  });
  return html`<div class="action" id="consent-task">
    <h2>Task: consents and objections</h2>
    <p class="small">${task.instructions ?? ''}</p>
    ${
      withdrawable.length > 0
        ? html`<fieldset id="consent-withdraw">
          <legend>Consents withdrawn (Art. 7(3)): the mail names none; tick those the subject withdraws</legend>
          ${withdrawable.map(
            (purpose) => html`<label
              ><input
                type="checkbox"
                value=${purpose}
                data-withdraw=${purpose}
                checked=${withdrawn.includes(purpose)}
                onChange=${(e: Event) =>
                  setWithdrawn(
                    checkedOf(e) ? [...withdrawn, purpose] : withdrawn.filter((p) => p !== purpose),
                  )}
              />${CONSENT_LABELS[purpose] ?? purpose}</label
            >`,
          )}
        </fieldset>`
        : null
    }
    ${
      objectTo.length > 0
        ? html`<fieldset id="consent-objections">
          <legend>
            Objection on legitimate interests (Art. 21(1)): per purpose objected to, stop it, or continue on compelling legitimate grounds
          </legend>
          ${objectTo.map(
            ({ id, label }) => html`<div class="objection" data-purpose=${id}>
              <label for=${`objection-${id}`}>${label}</label>
              <select
                id=${`objection-${id}`}
                value=${objection(id).decision}
                onChange=${(e: Event) => setObjection(id, { decision: asDecision(fieldValue(e)) })}
              >
                <option value="">Not objected to</option>
                <option value="stop">Stop processing</option>
                <option value="continue">Continue: compelling legitimate grounds</option>
              </select>
              <label for=${`grounds-${id}`}>Grounds (quoted in the answer when processing continues)</label>
              <textarea
                id=${`grounds-${id}`}
                value=${objection(id).grounds}
                onInput=${(e: Event) => setObjection(id, { grounds: fieldValue(e) })}
              ></textarea>
            </div>`,
          )}
        </fieldset>`
        : null
    }
    <div class="row">
      <button class="primary" id="consent-decide" onClick=${() => complete(entered())}>Record decisions</button>
    </div>
  </div>`;
}
