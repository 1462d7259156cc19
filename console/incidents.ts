/// <reference lib="dom" />
/**
 * The breach desk's pages in the console: the incident queue with the 72-hour clock, one incident
 * with its facts, risk, scopes, notices and filings, and the clock on the dashboard. Built from
 * text nodes only, like every page of the console; the helpers come from app.ts.
 */
type Json = Record<string, unknown>;
type Child = Node | string | number | null | undefined | false;

export interface ConsoleUi {
  h(
    tag: string,
    attrs?: Record<string, string | boolean | ((e: Event) => void)>,
    ...children: Child[]
  ): HTMLElement;
  api<T = Json>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  show(...nodes: Child[]): void;
  /** Shows an error of an action where it happened. */
  fail(error: unknown): string;
}

const timeFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Stockholm',
  dateStyle: 'medium',
  timeStyle: 'short',
});
const when = (iso: unknown) => (typeof iso === 'string' && iso ? timeFmt.format(new Date(iso)) : '—');

const RISK_LABELS: Record<string, string> = {
  no_risk: 'No risk',
  risk: 'Risk: notify IMY',
  high_risk: 'High risk: notify IMY and the people',
};

export function clockText(item: Json): string {
  const hours = Number(item.hoursLeft);
  switch (item.clock) {
    case 'filed':
      return 'IMY notified';
    case 'not_required':
      return 'No notification needed';
    case 'passed':
      return `Late by ${-hours} h`;
    default:
      return `${hours} h left`;
  }
}

const clockClass = (item: Json) =>
  item.clock === 'passed' ? 'overdue' : item.clock === '6h' || item.clock === '24h' ? 'due_soon' : '';

function clockBadge(ui: ConsoleUi, item: Json): HTMLElement {
  return ui.h(
    'span',
    { class: `badge ${clockClass(item)}`, 'data-clock': String(item.clock) },
    clockText(item),
  );
}

export async function incidentQueuePage(ui: ConsoleUi): Promise<void> {
  const { h } = ui;
  const { incidents } = await ui.api<{ incidents: Json[] }>('GET', '/api/incidents');
  const title = h('input', { id: 'incident-title', required: true, maxlength: '300' }) as HTMLInputElement;
  const awareAt = h('input', { id: 'incident-aware', type: 'datetime-local' }) as HTMLInputElement;
  const error = h('p', { class: 'error', role: 'alert' });
  const open = async (event: Event) => {
    event.preventDefault();
    try {
      const body: Json = { title: title.value };
      if (awareAt.value) body.awareAt = new Date(awareAt.value).toISOString();
      const result = await ui.api<{ incident: Json }>('POST', '/api/incidents', body);
      location.hash = `#/incident/${encodeURIComponent(String(result.incident.incidentId))}`;
    } catch (e) {
      error.textContent = ui.fail(e);
    }
  };
  ui.show(
    h('h1', {}, 'Breaches'),
    h(
      'p',
      { class: 'muted' },
      'Every personal data breach, notified or not (Art. 33(5)). IMY must be told within 72 hours of awareness unless the breach is unlikely to result in a risk.',
    ),
    h(
      'p',
      {},
      h(
        'a',
        { href: '/api/incident-register?format=csv', download: 'breach-register.csv' },
        'Export the register (CSV)',
      ),
      ' · ',
      h('a', { href: '/api/incident-register', target: '_blank' }, 'JSON'),
    ),
    incidents.length
      ? h(
          'table',
          { class: 'queue', id: 'incidents' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Incident', 'Clock', 'Deadline', 'Status', 'Risk', 'People', 'Told', 'Title'].map((t) =>
                h('th', {}, t),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            ...incidents.map((i) =>
              h(
                'tr',
                { 'data-incident': String(i.incidentId) },
                h(
                  'td',
                  {},
                  h(
                    'a',
                    { href: `#/incident/${encodeURIComponent(String(i.incidentId))}`, class: 'mono' },
                    String(i.incidentId),
                  ),
                ),
                h('td', {}, i.status === 'open' ? clockBadge(ui, i) : '—'),
                h('td', {}, when(i.authorityDeadline)),
                h('td', {}, String(i.status)),
                h('td', {}, RISK_LABELS[String(i.risk)] ?? 'Not assessed'),
                h('td', {}, String(i.affectedSubjects)),
                h('td', {}, String(i.subjectsNotified)),
                h('td', {}, String(i.title)),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No incidents.'),
    h(
      'form',
      { class: 'card', id: 'open-incident', onsubmit: (e: Event) => void open(e) },
      h('h2', {}, 'Open an incident'),
      h('label', { for: 'incident-title' }, 'What happened, in a few words'),
      title,
      h('label', { for: 'incident-aware' }, 'When we became aware (empty: now)'),
      awareAt,
      h('button', { type: 'submit' }, 'Open incident'),
      error,
    ),
  );
}

function field(
  ui: ConsoleUi,
  id: string,
  label: string,
  value: unknown,
  multiline = true,
): [HTMLElement, () => string] {
  const input = ui.h(multiline ? 'textarea' : 'input', { id, name: id }) as
    | HTMLTextAreaElement
    | HTMLInputElement;
  input.value =
    typeof value === 'string'
      ? value
      : Array.isArray(value)
        ? value.join(', ')
        : value === undefined
          ? ''
          : String(value);
  return [
    ui.h('div', { class: 'field' }, ui.h('label', { for: id }, label), input),
    () => input.value.trim(),
  ];
}

const NOTICE_PARTS = {
  nature: 'what happened',
  consequences: 'likely consequences',
  measures: 'what we did and do',
} as const;

const splitList = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export async function incidentPage(ui: ConsoleUi, incidentId: string): Promise<void> {
  const { h } = ui;
  const path = `/api/incidents/${encodeURIComponent(incidentId)}`;
  const detail = await ui.api<Json>('GET', path);
  const incident = detail.incident as Json;
  const summary = detail.summary as Json;
  const notice = detail.notice as Json;
  const f = (incident.facts as Json) ?? {};
  const assessment = incident.assessment as Json | undefined;
  const scopes = (incident.scopes as Json[]) ?? [];
  const filings = (incident.filings as Json[]) ?? [];
  const status = h('p', { class: 'error', role: 'alert', id: 'incident-error', hidden: true });
  const act = async (action: string, body: Json) => {
    try {
      await ui.api('POST', `${path}/${action}`, body);
      await incidentPage(ui, incidentId);
    } catch (e) {
      status.textContent = ui.fail(e);
      status.hidden = false;
    }
  };

  const [description, getDescription] = field(
    ui,
    'f-description',
    'What happened (nature of the breach)',
    f.description,
  );
  const [dataCategories, getDataCategories] = field(
    ui,
    'f-data',
    'Categories of personal data (comma-separated)',
    f.dataCategories,
    false,
  );
  const [subjectCategories, getSubjectCategories] = field(
    ui,
    'f-people',
    'Categories of people (comma-separated)',
    f.subjectCategories,
    false,
  );
  const [consequences, getConsequences] = field(ui, 'f-consequences', 'Likely consequences', f.consequences);
  const [taken, getTaken] = field(ui, 'f-taken', 'Measures taken', f.measuresTaken);
  const [proposed, getProposed] = field(ui, 'f-proposed', 'Measures proposed', f.measuresProposed);
  const saveFacts = () =>
    void act('facts', {
      description: getDescription(),
      dataCategories: splitList(getDataCategories()),
      subjectCategories: splitList(getSubjectCategories()),
      consequences: getConsequences(),
      measuresTaken: getTaken(),
      measuresProposed: getProposed(),
    });

  const risk = h(
    'select',
    { id: 'risk' },
    ...Object.entries(RISK_LABELS).map(([value, label]) =>
      h('option', { value, ...(assessment?.risk === value ? { selected: true } : {}) }, label),
    ),
  ) as HTMLSelectElement;
  const [reasoning, getReasoning] = field(ui, 'risk-reasoning', 'Reasoning', assessment?.reasoning);

  const store = h('input', { id: 'scope-store', placeholder: 'crm' }) as HTMLInputElement;
  const from = h('input', { id: 'scope-from', type: 'date' }) as HTMLInputElement;
  const to = h('input', { id: 'scope-to', type: 'date' }) as HTMLInputElement;
  const where = h('input', { id: 'scope-where', placeholder: 'field=value (optional)' }) as HTMLInputElement;
  const scope = () => {
    const [fieldName, ...value] = where.value.split('=');
    void act('scope', {
      storeId: store.value.trim(),
      // Whole days in the staff's own time zone.
      from: new Date(`${from.value}T00:00:00`).toISOString(),
      to: new Date(`${to.value}T23:59:59.999`).toISOString(),
      ...(where.value.includes('=') && fieldName
        ? { condition: { field: fieldName.trim(), equals: value.join('=').trim() } }
        : {}),
    });
  };

  const phase = h(
    'select',
    { id: 'filing-phase' },
    ...['initial', 'supplementary', 'final'].map((p) => h('option', { value: p }, p)),
  ) as HTMLSelectElement;
  const channel = h(
    'select',
    { id: 'filing-channel' },
    ...[
      ['imy_e_service', "IMY's e-service"],
      ['email', 'E-mail'],
      ['post', 'Post'],
    ].map(([value, label]) => h('option', { value: String(value) }, String(label))),
  ) as HTMLSelectElement;
  const reference = h('input', { id: 'filing-reference' }) as HTMLInputElement;
  const [lateReason, getLateReason] = field(ui, 'filing-late', 'Reasons for the delay (after 72 hours)', '');

  // What staff write into the notice, per language of the people listed (Art. 34(2)).
  const texts = (notice.texts as Record<string, Json>) ?? {};
  const editors = ((notice.languages as string[]) ?? []).map((language) => {
    const parts = (['nature', 'consequences', 'measures'] as const).map((part) =>
      field(ui, `notice-${language}-${part}`, `${language}: ${NOTICE_PARTS[part]}`, texts[language]?.[part]),
    );
    return {
      language,
      element: h('fieldset', {}, h('legend', {}, language), ...parts.map(([el]) => el)),
      parts,
    };
  });
  const noticeEditors = editors.map((e) => e.element);
  const approve = async () => {
    const written = Object.fromEntries(
      editors.map(({ language, parts }) => [
        language,
        {
          nature: parts[0]?.[1]() ?? '',
          consequences: parts[1]?.[1]() ?? '',
          measures: parts[2]?.[1]() ?? '',
        },
      ]),
    );
    try {
      // The list shown and the text typed, pinned by their digest.
      const preview = await ui.api<{ digest: string }>('POST', `${path}/notice-preview`, { texts: written });
      await act('approve-notice', { digest: preview.digest, texts: written });
    } catch (e) {
      status.textContent = ui.fail(e);
      status.hidden = false;
    }
  };
  // A store searched by hand: staff say what they found, and the counts go into the incident.
  const manualTask = (scope: Json): HTMLElement => {
    const task = (scope.task as Json) ?? {};
    if (task.doneAt)
      return h(
        'span',
        {},
        `searched by hand: ${String(task.subjects)} people, ${String(task.records)} records`,
      );
    const people = h('input', {
      type: 'number',
      min: '0',
      'aria-label': 'People found',
      value: '0',
    }) as HTMLInputElement;
    const records = h('input', {
      type: 'number',
      min: '0',
      'aria-label': 'Records found',
      value: '0',
    }) as HTMLInputElement;
    const done = () =>
      void act('complete-scope-task', {
        storeId: String(scope.storeId),
        subjects: Number(people.value),
        records: Number(records.value),
      });
    return h(
      'span',
      { class: 'manual-task' },
      `staff task: ${String(task.instructions ?? '')} `,
      people,
      ' people, ',
      records,
      ' records ',
      h('button', { type: 'button', onclick: done }, 'Searched'),
    );
  };
  const subjects = (notice.subjects as Json[]) ?? [];
  const samples = (notice.samples as Record<string, Json>) ?? {};
  ui.show(
    h('p', {}, h('a', { href: '#/incidents' }, '← Breaches')),
    h('h1', {}, `${String(incident.incidentId)} · ${String(incident.title)}`),
    h(
      'dl',
      { class: 'facts' },
      ...(
        [
          ['Status', String(incident.status)],
          ['Aware since', when(incident.awareAt)],
          ['Notify IMY by', h('span', {}, when(incident.authorityDeadline), ' ', clockBadge(ui, summary))],
          [
            'Risk',
            assessment
              ? `${RISK_LABELS[String(assessment.risk)]}: ${String(assessment.reasoning)}`
              : 'Not assessed',
          ],
          [
            'People affected',
            `about ${String(f.approxSubjects ?? '?')} people, ${String(f.approxRecords ?? '?')} records`,
          ],
          ['People told', String(incident.subjectsNotified)],
          [
            'IMY',
            filings.length
              ? filings.map((x) => `${String(x.phase)} ${when(x.filedAt)}`).join('; ')
              : 'Not notified',
          ],
        ] as [string, Child][]
      ).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    ),
    status,
    h(
      'section',
      { class: 'card', id: 'incident-facts' },
      h('h2', {}, 'Facts (Art. 33(3))'),
      description,
      dataCategories,
      subjectCategories,
      consequences,
      taken,
      proposed,
      h('button', { type: 'button', onclick: saveFacts }, 'Save facts'),
    ),
    h(
      'section',
      { class: 'card', id: 'incident-assess' },
      h('h2', {}, 'Risk assessment'),
      h('label', { for: 'risk' }, 'Risk to the people'),
      risk,
      reasoning,
      h(
        'button',
        {
          type: 'button',
          onclick: () => void act('assess', { risk: risk.value, reasoning: getReasoning() }),
        },
        'Record assessment',
      ),
    ),
    h(
      'section',
      { class: 'card', id: 'incident-scope' },
      h('h2', {}, 'Who was affected'),
      scopes.length
        ? h(
            'ul',
            {},
            ...scopes.map((s) =>
              h(
                'li',
                {},
                `${String(s.storeId)}, ${when(s.from)} – ${when(s.to)}: `,
                s.outcome === 'manual'
                  ? manualTask(s)
                  : `${String(s.subjects)} people, ${String(s.records)} records${Number(s.unreachableRecords) ? `, ${String(s.unreachableRecords)} without an address` : ''}`,
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'Not scoped yet.'),
      h('label', { for: 'scope-store' }, 'Store (data map id)'),
      store,
      h('label', { for: 'scope-from' }, 'From'),
      from,
      h('label', { for: 'scope-to' }, 'To'),
      to,
      h('label', { for: 'scope-where' }, 'Condition'),
      where,
      h('button', { type: 'button', onclick: scope }, 'List the people affected'),
    ),
    h(
      'section',
      { class: 'card', id: 'incident-notice' },
      h('h2', {}, 'Telling the people (Art. 34)'),
      h(
        'p',
        { class: 'muted' },
        `${subjects.length} people; languages ${((notice.languages as string[]) ?? []).join(', ') || '—'}; ${notice.approved ? 'approved' : 'not approved'}.`,
      ),
      ...Object.entries(samples).map(([language, mail]) =>
        h(
          'details',
          {},
          h('summary', {}, `${language}: ${String(mail.subject)}`),
          h('pre', { class: 'mail' }, String(mail.text)),
        ),
      ),
      h(
        'details',
        {},
        h('summary', {}, 'The list'),
        h(
          'ul',
          {},
          ...subjects.map((s) =>
            h(
              'li',
              {},
              `${String(s.email)} (${String(s.language)})${s.notifiedAt ? ` – told ${when(s.notifiedAt)}` : ''}`,
            ),
          ),
        ),
      ),
      assessment?.risk === 'high_risk' && subjects.length
        ? h(
            'div',
            {},
            ...noticeEditors,
            h(
              'button',
              { type: 'button', id: 'approve-notice', onclick: () => void approve() },
              'Approve this text and list',
            ),
            h(
              'button',
              { type: 'button', onclick: () => void act('notify-subjects', {}) },
              'Send the notices',
            ),
          )
        : h('p', { class: 'muted' }, 'People are told when the risk is high and the list is known.'),
    ),
    h(
      'section',
      { class: 'card', id: 'incident-filing' },
      h('h2', {}, 'Notification to IMY'),
      h(
        'p',
        {},
        h(
          'a',
          { href: `${path}/authority-notice?format=html`, target: '_blank' },
          'Prepared notification (printable)',
        ),
        ' · ',
        h('a', { href: `${path}/authority-notice`, target: '_blank' }, 'JSON'),
      ),
      h('label', { for: 'filing-phase' }, 'Phase'),
      phase,
      h('label', { for: 'filing-channel' }, 'Filed through'),
      channel,
      h('label', { for: 'filing-reference' }, "IMY's reference"),
      reference,
      lateReason,
      h(
        'button',
        {
          type: 'button',
          onclick: () =>
            void act('record-filed', {
              phase: phase.value,
              channel: channel.value,
              ...(reference.value.trim() ? { reference: reference.value.trim() } : {}),
              ...(getLateReason() ? { lateReason: getLateReason() } : {}),
            }),
        },
        'Record the filing',
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Timeline'),
      h(
        'ul',
        {},
        ...((detail.timeline as Json[]) ?? []).map((e) =>
          h('li', {}, `${when(e.at)} ${String(e.action)} (${String(e.actor)})`),
        ),
      ),
    ),
  );
}

/** The dashboard's card: open breaches by their clock, the most urgent first. */
export async function incidentClockCard(ui: ConsoleUi): Promise<HTMLElement> {
  const { h } = ui;
  const { incidents } = await ui.api<{ incidents: Json[] }>('GET', '/api/incidents');
  const running = incidents.filter(
    (i) => i.status === 'open' && i.clock !== 'filed' && i.clock !== 'not_required',
  );
  return h(
    'section',
    { class: 'card', id: 'breach-clock' },
    h('h2', {}, 'Breaches: the 72-hour clock'),
    running.length
      ? h(
          'table',
          {},
          h(
            'tbody',
            {},
            ...running.map((i) =>
              h(
                'tr',
                {},
                h(
                  'td',
                  {},
                  h(
                    'a',
                    { href: `#/incident/${encodeURIComponent(String(i.incidentId))}`, class: 'mono' },
                    String(i.incidentId),
                  ),
                ),
                h('td', {}, clockBadge(ui, i)),
                h('td', {}, `notify IMY by ${when(i.authorityDeadline)}`),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No breach is waiting to be notified.'),
  );
}
