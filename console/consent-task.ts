/// <reference lib="dom" />
/**
 * The consent task in the console: which consents a withdrawal that named none withdraws
 * (Art. 7(3)), and for an objection on legitimate interests (Art. 21(1)) whether each purpose
 * objected to stops or continues on compelling legitimate grounds, which the answer quotes.
 * The choices come with the task; nothing here is parsed as markup.
 */

type Json = Record<string, unknown>;
type Child = Node | string | number | null | undefined | false;
type Build = (
  tag: string,
  attrs?: Record<string, string | boolean | ((e: Event) => void)>,
  ...children: Child[]
) => HTMLElement;

const CONSENT_LABELS: Record<string, string> = {
  newsletter: 'Newsletter',
  event_invitations: 'Event invitations',
  crm_contact_storage: 'Contact details kept in the CRM after an event',
  candidate_data_retention: 'CV kept for future positions',
};

interface Choices {
  withdraw: string[];
  objectTo: { id: string; label: string }[];
}

function choicesOf(task: Json): Choices {
  const raw = (task.consentChoices ?? {}) as Partial<Choices>;
  return { withdraw: raw.withdraw ?? [], objectTo: raw.objectTo ?? [] };
}

/** The task's form; `complete` gets the output the staff API's complete-task takes. */
export function consentTaskForm(task: Json, h: Build, complete: (output: Json) => void): HTMLElement {
  const { withdraw, objectTo } = choicesOf(task);
  const withdrawal =
    withdraw.length > 0
      ? h(
          'fieldset',
          { id: 'consent-withdraw' },
          h(
            'legend',
            {},
            'Consents withdrawn (Art. 7(3)): the mail names none; tick those the subject withdraws',
          ),
          ...withdraw.map((purpose) =>
            h(
              'label',
              {},
              h('input', { type: 'checkbox', value: purpose, 'data-withdraw': purpose }),
              CONSENT_LABELS[purpose] ?? purpose,
            ),
          ),
        )
      : null;
  const balancing =
    objectTo.length > 0
      ? h(
          'fieldset',
          { id: 'consent-objections' },
          h(
            'legend',
            {},
            'Objection on legitimate interests (Art. 21(1)): per purpose objected to, stop it, or continue on compelling legitimate grounds',
          ),
          ...objectTo.map(({ id, label }) =>
            h(
              'div',
              { class: 'objection', 'data-purpose': id },
              h('label', { for: `objection-${id}` }, label),
              h(
                'select',
                { id: `objection-${id}` },
                h('option', { value: '' }, 'Not objected to'),
                h('option', { value: 'stop' }, 'Stop processing'),
                h('option', { value: 'continue' }, 'Continue: compelling legitimate grounds'),
              ),
              h(
                'label',
                { for: `grounds-${id}` },
                'Grounds (quoted in the answer when processing continues)',
              ),
              h('textarea', { id: `grounds-${id}` }),
            ),
          ),
        )
      : null;
  const entered = (): Json => {
    const chosen = [...document.querySelectorAll<HTMLInputElement>('#consent-withdraw input[data-withdraw]')]
      .filter((box) => box.checked)
      .map((box) => box.value);
    const objections = [...document.querySelectorAll<HTMLElement>('#consent-objections [data-purpose]')]
      .map((row) => {
        const purposeId = row.dataset.purpose ?? '';
        const decision = (row.querySelector('select') as HTMLSelectElement).value;
        const grounds = (row.querySelector('textarea') as HTMLTextAreaElement).value.trim();
        return { purposeId, decision, ...(grounds ? { grounds } : {}) };
      })
      .filter((o) => o.decision !== '');
    return { withdraw: chosen, objections };
  };
  return h(
    'div',
    { class: 'action', id: 'consent-task' },
    h('h2', {}, 'Task: consents and objections'),
    h('p', { class: 'small' }, String(task.instructions ?? '')),
    withdrawal,
    balancing,
    h(
      'div',
      { class: 'row' },
      h(
        'button',
        { class: 'primary', id: 'consent-decide', onclick: () => complete(entered()) },
        'Record decisions',
      ),
    ),
  );
}
