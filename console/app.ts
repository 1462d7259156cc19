/// <reference lib="dom" />
/**
 * The privacy staff's console: a small single-page app without a framework. Every piece of text
 * from a request (mail bodies, subjects, addresses) goes into the page through textContent, never
 * as markup: mail is hostile input. State-changing calls carry the CSRF header.
 */
import { attachedFiles } from './attachments';
import { consentTaskForm } from './consent-task';
import { type ConsoleUi, incidentClockCard, incidentPage, incidentQueuePage } from './incidents';
import {
  actionLabel,
  IGNORED_REASON_LABELS,
  REJECTION_LABELS,
  STATUS_EXPLAINED,
  STATUS_LABELS,
  TYPE_LABELS,
  urgencyText,
} from './labels';
import { PACKAGE_REVIEW_TASK, packageReviewPanel } from './package-review';
import { retentionSweepPage, retentionSweepsPage } from './retention-sweeps';

type Json = Record<string, unknown>;
type Child = Node | string | number | null | undefined | false;

const CSRF_HEADER = 'x-privacy-desk-csrf';
const app = document.getElementById('app') as HTMLElement;

/** Builds an element; strings become text nodes, so nothing is ever parsed as HTML. */
function h(
  tag: string,
  attrs: Record<string, string | boolean | ((e: Event) => void)> = {},
  ...children: Child[]
): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false) el.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return el;
}

function show(...nodes: Child[]): void {
  app.replaceChildren(
    ...(nodes.filter((n) => n !== null && n !== undefined && n !== false) as (Node | string)[]),
  );
}

// ---- sign-in and API -------------------------------------------------------------------------

interface ClientConfig {
  auth: 'local' | 'cognito';
  domain?: string;
  clientId?: string;
}

let config: ClientConfig = { auth: 'local' };
const TOKEN_KEY = 'privacy-desk-token';

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function api<T = Json>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method === 'POST') {
    headers[CSRF_HEADER] = '1';
    headers['content-type'] = 'application/json';
  }
  const token = config.auth === 'cognito' ? sessionStorage.getItem(TOKEN_KEY) : null;
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data = (await response.json().catch(() => ({}))) as Json;
  if (!response.ok)
    throw new ApiError(response.status, String(data.detail ?? data.message ?? response.statusText));
  return data as T;
}

function handleError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401) {
    signInPage();
    return;
  }
  if (error instanceof ApiError && error.status === 403) {
    show(
      h(
        'div',
        { class: 'card signin' },
        h('h1', {}, 'No access'),
        h(
          'p',
          { class: 'error', role: 'alert' },
          'Your account does not have the privacy-staff role. Ask the data protection officer for access.',
        ),
        h('button', { onclick: () => void signOut() }, 'Sign out'),
      ),
    );
    return;
  }
  show(h('p', { class: 'error', role: 'alert' }, `Something went wrong: ${(error as Error).message}`));
}

function base64url(bytes: ArrayBuffer | Uint8Array): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

const redirectUri = () => `${location.origin}/console`;

/** Cognito's hosted sign-in with the authorization code flow and PKCE; the token stays in this tab. */
async function cognitoSignIn(): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('pkce', JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId ?? '',
    redirect_uri: redirectUri(),
    scope: 'openid email',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  });
  location.assign(`${config.domain}/oauth2/authorize?${query}`);
}

async function finishCognitoSignIn(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const saved = JSON.parse(sessionStorage.getItem('pkce') ?? 'null') as {
    verifier: string;
    state: string;
  } | null;
  if (!code || !saved || params.get('state') !== saved.state) return;
  sessionStorage.removeItem('pkce');
  const response = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId ?? '',
      code,
      redirect_uri: redirectUri(),
      code_verifier: saved.verifier,
    }),
  });
  const tokens = (await response.json()) as { access_token?: string };
  if (tokens.access_token) sessionStorage.setItem(TOKEN_KEY, tokens.access_token);
  history.replaceState(null, '', '/console#/queue');
}

async function signOut(): Promise<void> {
  if (config.auth === 'cognito') {
    sessionStorage.removeItem(TOKEN_KEY);
    location.assign(
      `${config.domain}/logout?${new URLSearchParams({ client_id: config.clientId ?? '', logout_uri: redirectUri() })}`,
    );
    return;
  }
  await fetch('/local/logout', {
    method: 'POST',
    headers: { [CSRF_HEADER]: '1' },
    credentials: 'same-origin',
  });
  location.hash = '#/queue';
  signInPage();
}

function signInPage(): void {
  (document.getElementById('nav') as HTMLElement).hidden = true;
  (document.getElementById('who') as HTMLElement).replaceChildren();
  if (config.auth === 'cognito') {
    show(
      h(
        'div',
        { class: 'card signin' },
        h('h1', {}, 'Sign in'),
        h(
          'p',
          { class: 'muted' },
          'Use your company account. Only members of the privacy staff can open requests.',
        ),
        h('button', { class: 'primary', onclick: () => void cognitoSignIn() }, 'Sign in'),
      ),
    );
    return;
  }
  const error = h('div', { role: 'alert' });
  const form = h(
    'form',
    { class: 'card signin', id: 'signin' },
    h('h1', {}, 'Sign in'),
    h('p', { class: 'muted' }, 'Privacy staff only. Every action is recorded with your name.'),
    h('label', { for: 'username' }, 'User name'),
    h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true }),
    h('label', { for: 'password' }, 'Password'),
    h('input', {
      id: 'password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    }),
    error,
    h('button', { class: 'primary', type: 'submit' }, 'Sign in'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form as HTMLFormElement);
    const response = await fetch('/local/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
      credentials: 'same-origin',
      body: JSON.stringify({ username: data.get('username'), password: data.get('password') }),
    });
    if (!response.ok) {
      error.replaceChildren(h('p', { class: 'error' }, 'Wrong user name or password.'));
      return;
    }
    void route();
  });
  show(form);
}

// ---- formatting ------------------------------------------------------------------------------

const dateFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/Stockholm',
});
const timeFmt = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Stockholm',
});
const day = (date: unknown) =>
  typeof date === 'string' && date
    ? dateFmt.format(new Date(date.length === 10 ? `${date}T12:00:00Z` : date))
    : '—';
const when = (iso: unknown) => (typeof iso === 'string' && iso ? timeFmt.format(new Date(iso)) : '—');
const types = (list: unknown) =>
  Array.isArray(list) && list.length
    ? list.map((t) => TYPE_LABELS[String(t)] ?? String(t)).join(', ')
    : 'Not classified';
const statusBadge = (status: string, reason?: unknown) =>
  h(
    'span',
    { class: `badge ${status}`, 'data-status': status },
    STATUS_LABELS[status] ?? status,
    reason ? ` · ${String(reason).replace(/_/g, ' ')}` : '',
  );
const urgencyBadge = (item: Json) =>
  h(
    'span',
    { class: `badge ${String(item.urgency)}` },
    urgencyText(
      String(item.urgency),
      Number(item.daysLeft),
      item.daysWaiting === undefined ? undefined : Number(item.daysWaiting),
    ),
  );

// ---- queue -----------------------------------------------------------------------------------

const CLOSED_STATUSES = ['completed', 'rejected', 'cancelled'];
const attentionOf = (r: Json) => (Array.isArray(r.attention) ? r.attention.map(String) : []);

interface QueueState {
  status: string;
  type: string;
  channel: string;
  urgentOnly: boolean;
  sort: 'dueAt' | 'receivedAt' | 'status';
  descending: boolean;
}
const queueState: QueueState = {
  status: '',
  type: '',
  channel: '',
  urgentOnly: false,
  sort: 'dueAt',
  descending: false,
};

async function queuePage(): Promise<void> {
  const { requests } = await api<{ requests: Json[] }>('GET', '/api/requests');
  const render = () => {
    const rows = requests
      .filter((r) => !queueState.status || r.status === queueState.status)
      .filter((r) => !queueState.type || (r.types as string[]).includes(queueState.type))
      .filter((r) => !queueState.channel || r.channel === queueState.channel)
      .filter((r) => !queueState.urgentOnly || r.urgency === 'overdue' || r.urgency === 'due_soon')
      .sort((a, b) => {
        const key = queueState.sort;
        const order = String(a[key]).localeCompare(String(b[key]));
        return queueState.descending ? -order : order;
      });
    const sortButton = (key: QueueState['sort'], label: string) =>
      h(
        'button',
        {
          type: 'button',
          'aria-sort':
            queueState.sort === key ? (queueState.descending ? 'descending' : 'ascending') : 'none',
          onclick: () => {
            queueState.descending = queueState.sort === key ? !queueState.descending : false;
            queueState.sort = key;
            render();
          },
        },
        label,
      );
    const open = requests.filter((r) => !CLOSED_STATUSES.includes(String(r.status)));
    const overdue = open.filter((r) => r.urgency === 'overdue').length;
    const dueSoon = open.filter((r) => r.urgency === 'due_soon').length;
    const toRead = requests.filter((r) => attentionOf(r).length > 0).length;
    const select = (
      id: string,
      label: string,
      value: string,
      options: [string, string][],
      set: (v: string) => void,
    ) =>
      h(
        'div',
        {},
        h('label', { for: id }, label),
        (() => {
          const el = h(
            'select',
            {
              id,
              onchange: (e) => {
                set((e.target as HTMLSelectElement).value);
                render();
              },
            },
            ...options.map(([v, text]) =>
              h('option', { value: v, ...(v === value ? { selected: true } : {}) }, text),
            ),
          );
          return el;
        })(),
      );
    show(
      h('h1', {}, 'Open requests'),
      h(
        'p',
        { class: 'muted small' },
        'Closed requests appear here too while a reply from the requester waits to be read.',
      ),
      h(
        'div',
        { class: 'counts' },
        h('span', { class: 'badge' }, `${open.length} open`),
        overdue ? h('span', { class: 'badge overdue' }, `${overdue} overdue`) : null,
        toRead ? h('span', { class: 'badge attention' }, `${toRead} with a reply to read`) : null,
        dueSoon ? h('span', { class: 'badge due_soon' }, `${dueSoon} due within 5 days`) : null,
      ),
      h(
        'div',
        { class: 'filters' },
        select(
          'f-status',
          'Status',
          queueState.status,
          [
            ['', 'All open'],
            ...Object.entries(STATUS_LABELS).filter(
              ([s]) => !['completed', 'rejected', 'cancelled'].includes(s),
            ),
          ],
          (v) => {
            queueState.status = v;
          },
        ),
        select(
          'f-type',
          'Type',
          queueState.type,
          [['', 'All types'], ...Object.entries(TYPE_LABELS)],
          (v) => {
            queueState.type = v;
          },
        ),
        select(
          'f-channel',
          'Channel',
          queueState.channel,
          [
            ['', 'All channels'],
            ['email', 'E-mail'],
            ['form', 'Web form'],
          ],
          (v) => {
            queueState.channel = v;
          },
        ),
        h(
          'div',
          {},
          h('label', { for: 'f-urgent' }, 'Deadline'),
          h(
            'label',
            { class: 'checks' },
            (() => {
              const box = h('input', {
                type: 'checkbox',
                id: 'f-urgent',
                onchange: (e) => {
                  queueState.urgentOnly = (e.target as HTMLInputElement).checked;
                  render();
                },
              }) as HTMLInputElement;
              box.checked = queueState.urgentOnly;
              return box;
            })(),
            'Only overdue or due soon',
          ),
        ),
      ),
      rows.length === 0
        ? h(
            'div',
            { class: 'card' },
            h('p', { class: 'muted' }, 'No open requests match. Nothing is waiting for you.'),
          )
        : h(
            'table',
            { id: 'queue' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, sortButton('dueAt', 'Deadline')),
                h('th', {}, 'Request'),
                h('th', {}, sortButton('status', 'Status')),
                h('th', {}, 'Type'),
                h('th', {}, 'Lang'),
                h('th', {}, 'Channel'),
                h('th', {}, sortButton('receivedAt', 'Received')),
                h('th', {}, 'Due date'),
                h('th', {}, 'Requester'),
                h('th', {}, 'Needs reading'),
              ),
            ),
            h(
              'tbody',
              {},
              ...rows.map((r) =>
                h(
                  'tr',
                  { class: String(r.urgency), 'data-request': String(r.id) },
                  h(
                    'td',
                    {},
                    CLOSED_STATUSES.includes(String(r.status))
                      ? h('span', { class: 'badge' }, 'Closed')
                      : urgencyBadge(r),
                  ),
                  h(
                    'td',
                    {},
                    h(
                      'a',
                      { href: `#/request/${encodeURIComponent(String(r.id))}`, class: 'mono' },
                      String(r.id),
                    ),
                  ),
                  h('td', {}, statusBadge(String(r.status), r.statusReason)),
                  h('td', {}, types(r.types)),
                  h('td', {}, String(r.language ?? '').toUpperCase()),
                  h('td', {}, r.channel === 'form' ? 'Web form' : 'E-mail'),
                  h('td', { class: 'nowrap' }, day(r.receivedAt)),
                  h(
                    'td',
                    { class: 'nowrap' },
                    day(r.dueAt),
                    r.extended ? h('span', { class: 'muted small' }, ' (extended)') : null,
                  ),
                  h('td', { class: 'mono' }, String(r.subject ?? '')),
                  h(
                    'td',
                    { class: 'attention' },
                    ...attentionOf(r).map((text) => h('span', { class: 'badge attention' }, text)),
                  ),
                ),
              ),
            ),
          ),
    );
  };
  render();
}

// ---- request page ----------------------------------------------------------------------------

/** The subject's consents from the ledger: the current state per purpose and every change in order. */
function consentsCard(consents: Json | undefined): HTMLElement {
  const states = (consents?.states as Json[] | undefined) ?? [];
  const history = (consents?.history as Json[] | undefined) ?? [];
  const purpose = (p: unknown) => String(p).replaceAll('_', ' ');
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, 'Consents'),
    states.length === 0 && history.length === 0
      ? h('p', { class: 'muted' }, 'No consents recorded for this address.')
      : facts(
          states.map(
            (s) => [purpose(s.purpose), `${String(s.status)} since ${when(s.since)}`] as [string, Child],
          ),
        ),
    history.length
      ? h(
          'ol',
          { class: 'timeline' },
          ...history.map((c) =>
            h(
              'li',
              {},
              h('span', { class: 'muted small' }, when(c.at)),
              ` ${String(c.kind)}: ${purpose(c.purpose)} `,
              h(
                'span',
                { class: 'muted small' },
                `· via ${String(c.channel)}${c.requestId ? ` (${String(c.requestId)})` : ''}`,
              ),
            ),
          ),
        )
      : null,
  );
}

/** One action on the request page: a title, a line on what it does, then its fields and buttons. */
function actionPanel(title: Child, hint: Child, ...children: Child[]): HTMLElement {
  return h(
    'div',
    { class: 'action' },
    h('h2', {}, title),
    h('p', { class: 'muted small' }, hint),
    ...children,
  );
}

function facts(entries: [string, Child][]): HTMLElement {
  return h('dl', { class: 'facts' }, ...entries.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

function messageBlock(message: Json | undefined, title: string): HTMLElement {
  if (!message)
    return h(
      'section',
      { class: 'card' },
      h('h2', {}, title),
      h('p', { class: 'muted' }, 'The original message is not available.'),
    );
  const pre = h('pre', { class: 'message', id: 'message-text' });
  pre.textContent = String(message.text ?? ''); // hostile input: text only, never markup
  const attachments = (message.attachments as Json[] | undefined) ?? [];
  return h(
    'section',
    { class: 'card' },
    h('h2', {}, title),
    facts([
      ['From', String(message.from ?? '—')],
      ['Subject', String(message.subject ?? '')],
      ['Date', when(message.date)],
      ...(attachments.length
        ? [
            [
              'Attachments',
              attachments
                .map(
                  (a) =>
                    `${String(a.filename ?? 'unnamed')} (${String(a.contentType)}, ${Math.ceil(Number(a.size) / 1024)} KB)`,
                )
                .join('; '),
            ] as [string, Child],
          ]
        : []),
    ]),
    pre,
    message.truncated
      ? h('p', { class: 'muted small' }, 'The message is long: only its beginning is shown.')
      : null,
  );
}

function verdictBadges(verdicts: Json | undefined): HTMLElement {
  if (!verdicts) return h('span', { class: 'muted' }, 'No mail verdicts (web form)');
  return h(
    'span',
    {},
    ...['spf', 'dkim', 'dmarc', 'spam', 'virus'].flatMap((k) => [
      h(
        'span',
        { class: `badge ${String(verdicts[k])}`, title: `${k.toUpperCase()}: ${String(verdicts[k])}` },
        `${k.toUpperCase()} ${String(verdicts[k])}`,
      ),
      ' ',
    ]),
  );
}

function describeEvent(e: Json): string {
  const action = String(e.action);
  const detail = (e.detail as Json | undefined) ?? {};
  const to = e.toStatus ? ` → ${STATUS_LABELS[String(e.toStatus)] ?? String(e.toStatus)}` : '';
  if (action === 'mail_sent')
    return `Mail sent to the requester: ${String(detail.template ?? '').replace(/_/g, ' ')}`;
  if (action === 'mail_received') {
    if (detail.fromRequester === false) return 'Mail received from another sender';
    return Array.isArray(detail.askedForMore)
      ? `Reply received from the requester, asking for more: ${types(detail.askedForMore)}`
      : 'Reply received from the requester';
  }
  if (action === 'related_request_opened')
    return `The requester's reply opened a new request: ${String(detail.requestId)} (${types(detail.types)})`;
  if (action === 'attention_resolved') return 'Reply from the requester marked as read and answered';
  if (action === 'store_collected') {
    const count = detail.recordCount === undefined ? '' : `, ${String(detail.recordCount)} record(s)`;
    return `Searched ${String(detail.storeId ?? 'a system')}: ${String(detail.status ?? '').replace(/_/g, ' ')}${count}`;
  }
  if (action.startsWith('task_opened:'))
    return `Task for staff: ${action.slice('task_opened:'.length).replace(/^manual:/, '')}${to}`;
  const reason = detail.reason && !e.toStatus ? ` (${String(detail.reason).replace(/_/g, ' ')})` : '';
  const text = action.replace(/^step:/, 'Workflow step: ').replace(/_/g, ' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${reason}${to}`;
}

let notice: string | undefined;

async function requestPage(id: string): Promise<void> {
  const [d, mails] = await Promise.all([
    api<Json>('GET', `/api/requests/${encodeURIComponent(id)}`),
    api<Json>('GET', `/api/requests/${encodeURIComponent(id)}/messages`).catch(() => ({}) as Json),
  ]);
  const replies = (mails.replies as Json[] | undefined) ?? [];
  const replyAt = (at: unknown) => replies.find((r) => r.at === at)?.message as Json | undefined;
  const r = d.request as Json;
  const status = String(r.status);
  const actions = (d.actions as string[]) ?? [];
  const verification = (d.verification as Json) ?? {};
  const classification = d.classification as Json | undefined;
  const tasks = (d.tasks as Json[]) ?? [];
  const stores = (d.stores as Json[]) ?? [];
  const correspondence = (d.correspondence as Json[]) ?? [];
  const timeline = (d.timeline as Json[]) ?? [];
  const plan = d.erasurePlan as Json | undefined;
  const banner = notice ? h('p', { class: 'notice', role: 'status', id: 'notice' }, notice) : null;
  notice = undefined;

  show(
    h('p', {}, h('a', { href: '#/queue' }, '← Back to the queue')),
    banner,
    h(
      'section',
      { class: 'card' },
      h(
        'div',
        { class: 'summary' },
        h(
          'div',
          {},
          h('h1', { class: 'mono' }, String(r.id)),
          h(
            'div',
            {},
            statusBadge(status, r.statusReason),
            ' ',
            r.pausedSince
              ? h('span', { class: 'badge paused' }, `Clock paused since ${day(r.pausedSince)}`)
              : null,
          ),
          h('p', { class: 'explain', id: 'explain' }, STATUS_EXPLAINED[status] ?? ''),
        ),
        h(
          'div',
          {},
          h('div', { class: 'muted small' }, 'Answer due'),
          h('div', { class: 'big' }, day(r.dueAt)),
          urgencyBadge(r),
          r.extendedAt
            ? h('div', { class: 'muted small' }, `Extended by ${String(r.extensionMonths)} month(s)`)
            : null,
        ),
        h(
          'div',
          {},
          facts([
            ['Asks for', types(r.types)],
            [
              'Requester',
              timeline.some(
                (e) =>
                  e.action === 'request_received' &&
                  (e.detail as Json | undefined)?.senderFrom === 'mail_server',
              )
                ? `${String(r.subjectEmail ?? '')} (as the mail server read it: the mail names no sender we could read)`
                : String(r.subjectEmail ?? ''),
            ],
            ['Language', String(r.language ?? '').toUpperCase()],
            ['Channel', r.channel === 'form' ? 'Web form' : 'E-mail'],
            ['Received', when(r.receivedAt)],
            ...(r.relatedTo
              ? [
                  [
                    'Follows',
                    h(
                      'a',
                      {
                        href: `#/request/${encodeURIComponent(String(r.relatedTo))}`,
                        class: 'mono',
                        id: 'related',
                      },
                      String(r.relatedTo),
                    ),
                  ] as [string, Child],
                ]
              : []),
          ]),
        ),
      ),
    ),
    attentionCard(id, (d.attention as Json[] | undefined) ?? []),
    h(
      'div',
      { class: 'grid' },
      h(
        'div',
        {},
        messageBlock(mails.message as Json | undefined, 'Original message'),
        h(
          'section',
          { class: 'card' },
          h('h2', {}, 'Checks and evidence'),
          facts([
            [
              'Classified as',
              classification
                ? `${String(classification.category)} (${Math.round(Number(classification.confidence) * 100)}% confidence, language ${String(classification.language)})`
                : 'Not classified automatically',
            ],
            [
              'Identity',
              verification.verifiedAt
                ? h(
                    'span',
                    {},
                    h('span', { class: 'badge PASS' }, 'Confirmed'),
                    ` by e-mail link, ${when(verification.verifiedAt)}`,
                  )
                : h(
                    'span',
                    {},
                    h('span', { class: 'badge GRAY' }, 'Not confirmed yet'),
                    verification.linksSent ? ` · ${String(verification.linksSent)} link(s) sent` : '',
                  ),
            ],
            ['Mail checks', verdictBadges(r.verdicts as Json | undefined)],
            ...(Array.isArray(r.otherFromAddresses) && r.otherFromAddresses.length > 0
              ? [
                  [
                    'Several From addresses',
                    h(
                      'span',
                      {},
                      h('span', { class: 'badge FAIL' }, 'Check who wrote'),
                      ` also ${(r.otherFromAddresses as unknown[]).map(String).join(', ')}`,
                    ),
                  ] as [string, Child],
                ]
              : []),
            ...(r.onBehalf
              ? [
                  ['On behalf of someone', h('span', { class: 'badge FAIL' }, 'Yes: check the mandate')] as [
                    string,
                    Child,
                  ],
                ]
              : []),
          ]),
        ),
        stores.length
          ? h(
              'section',
              { class: 'card' },
              h('h2', {}, 'Results per system'),
              h(
                'table',
                {},
                h(
                  'thead',
                  {},
                  h('tr', {}, h('th', {}, 'System'), h('th', {}, 'Outcome'), h('th', {}, 'Records')),
                ),
                h(
                  'tbody',
                  {},
                  ...stores.map((s) =>
                    h(
                      'tr',
                      {},
                      h('td', {}, String(s.storeName ?? s.storeId)),
                      h('td', {}, String(s.outcome ?? s.status ?? '—')),
                      h('td', {}, String(s.records ?? s.recordCount ?? s.count ?? '—')),
                    ),
                  ),
                ),
              ),
            )
          : null,
        plan ? erasurePlanBlock(plan) : null,
        correspondence.length
          ? h(
              'section',
              { class: 'card' },
              h('h2', {}, 'Correspondence'),
              ...correspondence.map((c) =>
                c.direction === 'in' && replyAt(c.at)
                  ? messageBlock(replyAt(c.at), `${String(c.title)} · ${when(c.at)}`)
                  : h(
                      'p',
                      {},
                      `${when(c.at)} · ${c.direction === 'out' ? 'We sent' : 'Received'}: ${String(c.title).replace(/_/g, ' ')}`,
                    ),
              ),
            )
          : null,
        consentsCard(d.consents as Json | undefined),
        h(
          'section',
          { class: 'card' },
          h('h2', {}, 'Timeline'),
          h(
            'ol',
            { class: 'timeline' },
            ...timeline.map((e) =>
              h(
                'li',
                {},
                h('span', { class: 'muted small' }, when(e.at)),
                ' ',
                describeEvent(e),
                ' ',
                h('span', { class: 'muted small' }, `· ${String(e.actor)}`),
              ),
            ),
          ),
        ),
      ),
      h('aside', {}, actionsPanel(r, actions, tasks)),
    ),
  );
}

/** Replies staff have not marked read: what each asks, and the buttons that handle them. */
function attentionCard(requestId: string, items: Json[]): HTMLElement | null {
  if (items.length === 0) return null;
  const error = h('div', { role: 'alert' });
  const post = async (action: string, body: Json) => {
    try {
      await api('POST', `/api/requests/${encodeURIComponent(requestId)}/${action}`, body);
      notice = `${actionLabel(action)}.`;
      await requestPage(requestId);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return handleError(e);
      error.replaceChildren(h('p', { class: 'error' }, (e as Error).message));
    }
  };
  return h(
    'section',
    { class: 'card attention', id: 'attention' },
    h('h2', {}, 'The requester wrote'),
    h(
      'ul',
      {},
      ...items.map((a) =>
        h(
          'li',
          {},
          h('span', { class: 'muted small' }, when(a.at)),
          ' ',
          a.kind === 'asked_for_more'
            ? `Asked for more: ${types(a.types)}. The request's types are unchanged: reclassify it, or open a new request for this.`
            : 'A reply to read and answer (see the correspondence below).',
          a.kind === 'asked_for_more'
            ? h(
                'div',
                { class: 'row' },
                h(
                  'button',
                  {
                    class: 'open-related',
                    onclick: () => void post('open-related', { attentionId: String(a.attentionId) }),
                  },
                  `Open a new request: ${types(a.types)}`,
                ),
              )
            : null,
        ),
      ),
    ),
    error,
    h(
      'div',
      { class: 'row' },
      h(
        'button',
        { id: 'resolve-attention', onclick: () => void post('resolve-attention', {}) },
        'Mark as read and answered',
      ),
    ),
  );
}

function erasurePlanBlock(plan: Json): HTMLElement {
  const stores = (plan.stores as Json[] | undefined) ?? [];
  const counts = (plan.counts as Json | undefined) ?? {};
  const retained = (plan.retained as Json[] | undefined) ?? [];
  const review = (plan.review as Json[] | undefined) ?? [];
  const n = (c: unknown, key: string) => Number((c as Json | undefined)?.[key] ?? 0);
  return h(
    'section',
    { class: 'card', id: 'erasure-plan' },
    h('h2', {}, 'Erasure plan'),
    h(
      'p',
      {},
      `${n(counts, 'delete')} record(s) deleted, ${n(counts, 'anonymise')} anonymised, ${n(counts, 'retain')} kept under a legal hold`,
      n(counts, 'review') ? `, ${n(counts, 'review')} for staff to decide` : '',
      plan.plannedOn ? h('span', { class: 'muted small' }, ` · planned ${day(plan.plannedOn)}`) : null,
    ),
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'System'),
          h('th', {}, 'Delete'),
          h('th', {}, 'Anonymise'),
          h('th', {}, 'Keep'),
          h('th', {}, 'Legal hold, until'),
        ),
      ),
      h(
        'tbody',
        {},
        ...stores.map((st) => {
          const hold = st.legalHold as Json | undefined;
          return h(
            'tr',
            {},
            h(
              'td',
              {},
              String(st.storeName ?? st.storeId),
              st.connectorType === 'manual'
                ? h('div', { class: 'muted small' }, 'by hand: ', String(st.instructions ?? ''))
                : null,
            ),
            h('td', {}, String(n(st.counts, 'delete'))),
            h('td', {}, String(n(st.counts, 'anonymise'))),
            h('td', {}, String(n(st.counts, 'retain'))),
            h(
              'td',
              {},
              hold
                ? `${String(hold.name)} (${String(hold.reference)})${st.retainUntil ? `, until ${day(st.retainUntil)}` : ''}`
                : '—',
            ),
          );
        }),
      ),
    ),
    retained.length
      ? h(
          'p',
          { class: 'muted small' },
          `${retained.length} record(s) kept: the requester is told what is kept, under which law, and until when.`,
        )
      : null,
    review.length
      ? h(
          'p',
          { class: 'error' },
          `${review.length} record(s) need your decision before erasure: `,
          review.map((r) => `${String(r.storeId)} (${String(r.reason).replace(/_/g, ' ')})`).join(', '),
        )
      : null,
  );
}

/**
 * The records the collection found, each field with a box for its right value: what staff fill in
 * are the corrections the workflow applies (stores that cannot be updated get them as a task).
 * Loaded on request, as reading them is personal data and audited.
 */
function correctionsEditor(requestId: string): HTMLElement {
  const area = h('div', { id: 'corrections' });
  const load = async () => {
    area.replaceChildren(h('p', { class: 'muted small' }, 'Loading the records…'));
    try {
      const found = await api<Json>('GET', `/api/requests/${encodeURIComponent(requestId)}/findings`);
      const stores = (found.stores as Json[] | undefined) ?? [];
      area.replaceChildren(
        stores.length === 0
          ? h('p', { class: 'muted small' }, 'No records were found in any system.')
          : h(
              'div',
              {},
              h(
                'p',
                { class: 'muted small' },
                'Type the right value next to each field to correct; leave the rest empty.',
              ),
              ...stores.map((store) => {
                const records = (store.records as Json[] | undefined) ?? [];
                return h(
                  'details',
                  { 'data-store': String(store.storeId) },
                  h('summary', {}, `${String(store.storeId)}: ${records.length} record(s)`),
                  ...records.map((record) =>
                    h(
                      'table',
                      { class: 'corrections' },
                      h('caption', { class: 'mono' }, String(record.recordId)),
                      ...Object.entries((record.fields as Json | undefined) ?? {}).map(([field, current]) =>
                        h(
                          'tr',
                          {},
                          h('th', { scope: 'row' }, field),
                          h(
                            'td',
                            {},
                            typeof current === 'object' ? JSON.stringify(current) : String(current ?? ''),
                          ),
                          h(
                            'td',
                            {},
                            h('input', {
                              type: 'text',
                              'aria-label': `Right value of ${field} in ${String(store.storeId)} ${String(record.recordId)}`,
                              'data-store': String(store.storeId),
                              'data-record': String(record.recordId),
                              'data-field': field,
                              maxlength: '1000',
                            }),
                          ),
                        ),
                      ),
                    ),
                  ),
                );
              }),
            ),
      );
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return handleError(e);
      area.replaceChildren(h('p', { class: 'error' }, (e as Error).message));
    }
  };
  area.append(
    h(
      'button',
      { id: 'load-corrections', type: 'button', onclick: () => void load() },
      'Show the records to correct',
    ),
  );
  return area;
}

/** The corrections typed into the editor, as the rectification task's output takes them. */
function correctionsEntered(): Json {
  const corrections = [...document.querySelectorAll<HTMLInputElement>('#corrections input[data-field]')]
    .filter((input) => input.value.trim() !== '')
    .map((input) => ({
      storeId: input.dataset.store,
      recordId: input.dataset.record,
      field: input.dataset.field,
      value: input.value.trim(),
    }));
  return corrections.length ? { corrections } : {};
}

function actionsPanel(r: Json, actions: string[], tasks: Json[]): HTMLElement {
  const id = String(r.id);
  const error = h('div', { role: 'alert', id: 'action-error' });
  const run = async (action: string, body: Json = {}) => {
    error.replaceChildren();
    for (const b of document.querySelectorAll<HTMLButtonElement>('aside button')) b.disabled = true;
    try {
      const result = await api<Json>('POST', `/api/requests/${encodeURIComponent(id)}/${action}`, body);
      notice = `${actionLabel(action)}: done. The request is now “${STATUS_LABELS[String(result.status)] ?? String(result.status)}”.`;
      await requestPage(id);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return handleError(e);
      error.replaceChildren(h('p', { class: 'error' }, (e as Error).message));
      for (const b of document.querySelectorAll<HTMLButtonElement>('aside button')) b.disabled = false;
    }
  };
  const value = (sel: string) =>
    (document.querySelector(sel) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value;
  const reasonSelect = (sid: string) =>
    h(
      'select',
      { id: sid },
      ...Object.entries(REJECTION_LABELS).map(([v, t]) => h('option', { value: v }, t)),
    );
  const parts: Child[] = [];
  const has = (a: string) => actions.includes(a);
  // A refusal states its reason (Art. 12(4)); on the merits, staff's explanation is required.
  const explanation = (prefix: string) => [
    h('label', { for: `${prefix}-detail` }, 'Explanation (kept in the trail; required on the merits)'),
    h('textarea', { id: `${prefix}-detail`, maxlength: '2000' }),
    h(
      'label',
      {},
      h('input', { type: 'checkbox', id: `${prefix}-quote` }),
      ' Quote it in the notice to the requester',
    ),
  ];
  const refusal = (reasonId: string, prefix: string): Json => {
    const detail = value(`#${prefix}-detail`).trim();
    const quote = (document.querySelector(`#${prefix}-quote`) as HTMLInputElement).checked;
    return { reason: value(`#${reasonId}`), ...(detail ? { detail, quote } : {}) };
  };
  if (has('name-subject')) {
    parts.push(
      actionPanel(
        'Name the person this is for',
        'Written on behalf of someone whose address the mail does not give. Name them (ask the writer with a question if needed): they confirm their address, and the writer is told we deal with them directly. Give the writer’s own address if they asked for themselves.',
        h('label', { for: 'subject-email' }, 'Their email address'),
        h('input', { id: 'subject-email', type: 'email', autocomplete: 'off' }),
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            {
              class: 'primary',
              id: 'name-subject',
              onclick: () => void run('name-subject', { email: value('#subject-email') }),
            },
            'Name and start',
          ),
        ),
      ),
    );
  }
  if (has('approve')) {
    parts.push(
      actionPanel(
        r.status === 'triage' ? 'Accept as a request' : 'Review',
        r.status === 'triage'
          ? 'Starts the workflow with the types below.'
          : 'Approve to collect and answer; reject with a reason the requester will be told.',
        h(
          'div',
          { class: 'row' },
          h('button', { class: 'primary', id: 'approve', onclick: () => void run('approve') }, 'Approve'),
        ),
      ),
    );
  }
  if (has('reject')) {
    parts.push(
      h(
        'div',
        { class: 'action' },
        h('label', { for: 'reject-reason' }, 'Reject because'),
        reasonSelect('reject-reason'),
        ...explanation('reject'),
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            {
              class: 'danger',
              id: 'reject',
              onclick: () => void run('reject', refusal('reject-reason', 'reject')),
            },
            'Reject',
          ),
        ),
      ),
    );
  }
  if (has('approve-erasure-plan')) {
    parts.push(
      actionPanel(
        'Erasure plan',
        'Check the plan on the left: what is deleted, anonymised, or kept under a legal hold.',
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            { class: 'primary', id: 'approve-erasure-plan', onclick: () => void run('approve-erasure-plan') },
            'Approve plan',
          ),
        ),
        h('label', { for: 'plan-reason' }, 'Or reject because'),
        reasonSelect('plan-reason'),
        ...explanation('plan'),
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            {
              class: 'danger',
              onclick: () => void run('reject-erasure-plan', refusal('plan-reason', 'plan')),
            },
            'Reject plan',
          ),
        ),
      ),
    );
  }
  for (const task of tasks.filter((t) => t.kind === 'manual' && !t.completedAt)) {
    const taskId = String(task.taskId);
    if (taskId === PACKAGE_REVIEW_TASK) {
      parts.push(
        packageReviewPanel({
          h,
          task,
          loadFindings: () => api<Json>('GET', `/api/requests/${encodeURIComponent(id)}/findings`),
          release: (withheld) => void run('complete-task', { taskId, output: { withheld } }),
          onError: (e) => {
            if (e instanceof ApiError && (e.status === 401 || e.status === 403)) handleError(e);
          },
        }),
      );
      continue;
    }
    if (taskId === 'manual:consents') {
      parts.push(consentTaskForm(task, h, (output) => void run('complete-task', { taskId, output })));
      continue;
    }
    const listField =
      taskId === 'manual:rectification'
        ? 'correctedItems'
        : taskId === 'manual:restriction'
          ? 'systems'
          : undefined;
    const fid = `task-${taskId.replace(/\W/g, '-')}`;
    // A manual store's part of an erasure: staff confirm they erased it by hand.
    const erasing = taskId.startsWith('manual:erase:');
    // Art. 19: a recipient to tell; there is nothing to find.
    const notice = taskId.startsWith('manual:notify:');
    parts.push(
      h(
        'div',
        { class: 'action' },
        h('h2', {}, `Task: ${taskId.replace(/^manual:/, '')}`),
        h('p', { class: 'small' }, String(task.instructions ?? '')),
        listField
          ? h(
              'div',
              {},
              h(
                'label',
                { for: fid },
                listField === 'systems'
                  ? 'Systems restricted (one per line)'
                  : 'Items corrected (one per line)',
              ),
              h('textarea', { id: fid }),
              listField === 'correctedItems' ? correctionsEditor(id) : null,
              h(
                'div',
                { class: 'row' },
                h(
                  'button',
                  {
                    class: 'primary',
                    onclick: () =>
                      void run('complete-task', {
                        taskId,
                        output: {
                          [listField]: value(`#${fid}`)
                            .split('\n')
                            .map((s) => s.trim())
                            .filter(Boolean),
                          ...(listField === 'correctedItems' ? correctionsEntered() : {}),
                        },
                      }),
                  },
                  'Mark done',
                ),
              ),
            )
          : h(
              'div',
              {},
              h(
                'label',
                { for: fid },
                erasing
                  ? 'Note (optional)'
                  : notice
                    ? 'How they were told (optional note)'
                    : 'What was found (a description, or attach the files)',
              ),
              h('textarea', { id: fid }),
              erasing || notice ? null : h('label', { for: `${fid}-files` }, 'Attach files found'),
              erasing || notice ? null : h('input', { id: `${fid}-files`, type: 'file', multiple: true }),
              listField === 'correctedItems' ? correctionsEditor(id) : null,
              h(
                'div',
                { class: 'row' },
                h(
                  'button',
                  {
                    class: 'primary',
                    onclick: () =>
                      void (async () => {
                        const files = await attachedFiles(
                          document.querySelector<HTMLInputElement>(`#${fid}-files`),
                        );
                        await run('complete-task', {
                          taskId,
                          output: {
                            outcome: 'done',
                            note: value(`#${fid}`),
                            ...(files.length ? { files } : {}),
                          },
                        });
                      })(),
                  },
                  erasing ? 'Erased' : notice ? 'Told' : 'Done',
                ),
                notice
                  ? null
                  : h(
                      'button',
                      {
                        onclick: () =>
                          void run('complete-task', {
                            taskId,
                            output: { outcome: 'nothing_found', note: value(`#${fid}`) },
                          }),
                      },
                      'Nothing found',
                    ),
              ),
            ),
      ),
    );
  }
  if (has('reclassify')) {
    const current = (r.types as string[]) ?? [];
    parts.push(
      h(
        'div',
        { class: 'action' },
        h('h2', {}, 'Request types'),
        h(
          'div',
          { class: 'checks', id: 'types' },
          ...Object.entries(TYPE_LABELS).map(([t, label]) => {
            const box = h('input', { type: 'checkbox', value: t }) as HTMLInputElement;
            box.checked = current.includes(t);
            return h('label', {}, box, label);
          }),
        ),
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            {
              id: 'reclassify',
              onclick: () =>
                void run('reclassify', {
                  types: [...document.querySelectorAll<HTMLInputElement>('#types input:checked')].map(
                    (b) => b.value,
                  ),
                }),
            },
            'Save types',
          ),
        ),
      ),
    );
  }
  if (has('more-info')) {
    parts.push(
      actionPanel(
        'Ask the requester',
        'Mails your question in their language. Before approval the deadline pauses until they reply (or you resume it); after approval it keeps running.',
        h('textarea', { id: 'question', 'aria-label': 'Question to the requester' }),
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            { id: 'more-info', onclick: () => void run('more-info', { question: value('#question') }) },
            'Send question',
          ),
        ),
      ),
    );
  }
  if (has('resume')) {
    parts.push(
      actionPanel(
        'Clock paused',
        'Their reply resumes it by itself; resume by hand if they answered another way. The due date moves by the days it was paused.',
        h(
          'div',
          { class: 'row' },
          h('button', { id: 'resume', onclick: () => void run('resume') }, 'Resume the clock'),
        ),
      ),
    );
  }
  if (has('extend')) {
    parts.push(
      actionPanel(
        'Extend the deadline',
        'Once, within the first month, by up to two months (GDPR Art. 12(3)). The requester is told the reason.',
        h('label', { for: 'extend-months' }, 'By'),
        h(
          'select',
          { id: 'extend-months' },
          h('option', { value: '1' }, 'One month'),
          h('option', { value: '2' }, 'Two months'),
        ),
        h('label', { for: 'extend-reason' }, 'Reason (sent to the requester)'),
        h('textarea', { id: 'extend-reason' }),
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            {
              id: 'extend',
              onclick: () =>
                void run('extend', {
                  months: Number(value('#extend-months')),
                  reason: value('#extend-reason'),
                }),
            },
            'Extend',
          ),
        ),
      ),
    );
  }
  if (has('retry')) {
    parts.push(
      actionPanel(
        'Failed step',
        'Runs the workflow again from the step that failed.',
        h(
          'div',
          { class: 'row' },
          h('button', { class: 'primary', id: 'retry', onclick: () => void run('retry') }, 'Retry'),
        ),
      ),
    );
  }
  if (has('revoke-link')) {
    parts.push(
      h(
        'div',
        { class: 'action' },
        h('h2', {}, 'Download link'),
        h(
          'p',
          { class: 'small' },
          'The package link works for whoever holds the mail until it expires. Revoke it if it may have reached someone else.',
        ),
        h('label', { for: 'revoke-reason' }, 'Why (kept in the trail)'),
        h('input', { id: 'revoke-reason', type: 'text' }),
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            {
              class: 'danger',
              id: 'revoke-link',
              onclick: () => void run('revoke-link', { reason: value('#revoke-reason') }),
            },
            'Revoke download link',
          ),
        ),
      ),
    );
  }
  if (has('cancel')) {
    parts.push(
      h(
        'div',
        { class: 'action' },
        h(
          'div',
          { class: 'row' },
          h(
            'button',
            {
              class: 'danger',
              id: 'cancel',
              onclick: () => {
                if (confirm('Cancel this request? The workflow stops and nothing more is sent.'))
                  void run('cancel');
              },
            },
            'Cancel request',
          ),
        ),
      ),
    );
  }
  return h(
    'section',
    { class: 'card actions' },
    error,
    ...(parts.length ? parts : [h('p', { class: 'muted' }, 'Nothing to do: the request is closed.')]),
  );
}

// ---- not a request ---------------------------------------------------------------------------

/** Mail intake did not make a request of, with the reason; staff turn one into a request. */
async function notARequestPage(): Promise<void> {
  const { mails } = await api<{ mails: Json[] }>('GET', '/api/not-a-request');
  const row = (m: Json) => {
    const mailId = String(m.mailId);
    const found = Array.isArray(m.types) ? m.types.map(String) : [];
    const error = h('div', { role: 'alert' });
    const boxes = Object.entries(TYPE_LABELS).map(([t, label]) => {
      const box = h('input', { type: 'checkbox', value: t }) as HTMLInputElement;
      box.checked = found.includes(t);
      return h('label', {}, box, label);
    });
    const checks = h('div', { class: 'checks' }, ...boxes);
    const takeIn = async () => {
      const chosen = [...checks.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
      try {
        const result = await api<Json>('POST', `/api/not-a-request/${encodeURIComponent(mailId)}/take-in`, {
          types: chosen,
        });
        notice = `Taken in as request ${String(result.requestId)}: the requester gets an acknowledgement.`;
        location.hash = `#/request/${encodeURIComponent(String(result.requestId))}`;
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return handleError(e);
        error.replaceChildren(h('p', { class: 'error' }, (e as Error).message));
      }
    };
    return h(
      'tr',
      { 'data-mail': mailId },
      h('td', { class: 'nowrap' }, when(m.receivedAt)),
      h('td', {}, IGNORED_REASON_LABELS[String(m.reason)] ?? String(m.reason)),
      h('td', { class: 'mono' }, String(m.sender ?? '—')),
      h('td', {}, String(m.subject ?? '')),
      h('td', {}, found.length ? types(found) : '—'),
      h(
        'td',
        {},
        m.takenInAs
          ? h(
              'a',
              { href: `#/request/${encodeURIComponent(String(m.takenInAs))}`, class: 'mono' },
              `Request ${String(m.takenInAs)}`,
            )
          : h(
              'div',
              {},
              checks,
              error,
              h('button', { class: 'primary take-in', onclick: () => void takeIn() }, 'Make it a request'),
            ),
      ),
    );
  };
  show(
    h('h1', {}, 'Not a request'),
    h(
      'p',
      { class: 'muted' },
      'Mail intake did not turn into a request, and why. If one is a request after all, choose its types and make it one: its deadline runs from when the mail arrived.',
    ),
    mails.length === 0
      ? h('div', { class: 'card' }, h('p', { class: 'muted' }, 'No mail was left out.'))
      : h(
          'table',
          { id: 'not-a-request' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'Received'),
              h('th', {}, 'Why not a request'),
              h('th', {}, 'From'),
              h('th', {}, 'Subject'),
              h('th', {}, 'Rights named'),
              h('th', {}, 'Action'),
            ),
          ),
          h('tbody', {}, ...mails.map(row)),
        ),
  );
}

// ---- dashboard -------------------------------------------------------------------------------

/** Set through the CSSOM: the CSP forbids inline style attributes. */
function bar(fraction: number): HTMLElement {
  const el = h('div', { class: 'bar' });
  el.style.width = `${Math.max(2, Math.round(fraction * 100))}%`;
  return el;
}

async function dashboardPage(): Promise<void> {
  const d = await api<Json>('GET', '/api/dashboard');
  const tile = (n: unknown, label: string, cls = '') =>
    h(
      'div',
      { class: `tile ${cls}` },
      h('div', { class: 'n' }, n === null || n === undefined ? '—' : String(n)),
      h('div', { class: 'muted' }, label),
    );
  const breakdown = (title: string, counts: Json, labels: Record<string, string>) => {
    const entries = Object.entries(counts).sort((a, b) => Number(b[1]) - Number(a[1]));
    const max = Math.max(1, ...entries.map(([, v]) => Number(v)));
    return h(
      'section',
      { class: 'card' },
      h('h2', {}, title),
      entries.length
        ? h(
            'table',
            {},
            h(
              'tbody',
              {},
              ...entries.map(([k, v]) =>
                h(
                  'tr',
                  {},
                  h('td', {}, labels[k] ?? k),
                  h('td', { class: 'bar-cell' }, bar(Number(v) / max)),
                  h('td', {}, String(v)),
                ),
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'No open requests.'),
    );
  };
  show(
    h('h1', {}, 'Dashboard'),
    h('p', { class: 'muted' }, `As of ${day(d.today)}`),
    h(
      'div',
      { class: 'tiles', id: 'tiles' },
      tile(d.open, 'Open requests'),
      tile(d.dueSoon, 'Due within 5 days', 'due_soon'),
      tile(d.overdue, 'Overdue', 'overdue'),
      tile(d.paused, 'Waiting for the requester'),
      tile(d.completedThisMonth, 'Completed this month'),
      tile(d.medianDaysToComplete, 'Median days to complete'),
    ),
    h(
      'div',
      { class: 'grid' },
      breakdown('Open requests by type', (d.byType as Json) ?? {}, TYPE_LABELS),
      breakdown('By channel', (d.byChannel as Json) ?? {}, { email: 'E-mail', form: 'Web form' }),
    ),
    breakdown('Open requests by status', (d.byStatus as Json) ?? {}, STATUS_LABELS),
    waitingList((d.waiting as { id: string; daysWaiting: number }[] | undefined) ?? []),
    await incidentClockCard(incidentUi),
  );
}

/** Paused requests and how long each has waited for the requester's answer, longest first. */
function waitingList(waiting: { id: string; daysWaiting: number }[]): HTMLElement {
  return h(
    'section',
    { class: 'card', id: 'waiting' },
    h('h2', {}, 'Waiting for the requester'),
    waiting.length
      ? h(
          'table',
          {},
          h(
            'tbody',
            {},
            ...waiting.map((w) =>
              h(
                'tr',
                {},
                h('td', {}, h('a', { href: `#/request/${encodeURIComponent(w.id)}`, class: 'mono' }, w.id)),
                h('td', {}, `${w.daysWaiting} day${w.daysWaiting === 1 ? '' : 's'}`),
                h('td', { class: 'muted' }, w.daysWaiting >= 14 ? 'reminded: follow up' : ''),
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No request is waiting for the requester.'),
  );
}

// ---- routing ---------------------------------------------------------------------------------

/** What the breach desk's pages (incidents.ts) build with. */
const incidentUi: ConsoleUi = {
  h,
  api,
  show,
  fail: (error) => (error instanceof Error ? error.message : String(error)),
};

async function route(): Promise<void> {
  try {
    const me = await api<{ username: string }>('GET', '/api/me');
    (document.getElementById('nav') as HTMLElement).hidden = false;
    (document.getElementById('who') as HTMLElement).replaceChildren(
      h('span', {}, `Signed in as ${me.username}`),
      h('button', { onclick: () => void signOut(), id: 'signout' }, 'Sign out'),
    );
    const [, page, id] = location.hash.split('/');
    for (const link of document.querySelectorAll('[data-nav]'))
      link.classList.toggle('active', link.getAttribute('data-nav') === (page || 'queue'));
    if (page === 'request' && id) await requestPage(decodeURIComponent(id));
    else if (page === 'incidents') await incidentQueuePage(incidentUi);
    else if (page === 'incident' && id) await incidentPage(incidentUi, decodeURIComponent(id));
    else if (page === 'dashboard') await dashboardPage();
    else if (page === 'not-a-request') await notARequestPage();
    else if (page === 'retention' && id)
      await retentionSweepPage({ h, api, show, when }, decodeURIComponent(id));
    else if (page === 'retention') await retentionSweepsPage({ h, api, show, when });
    else await queuePage();
  } catch (error) {
    handleError(error);
  }
}

async function start(): Promise<void> {
  config = (await fetch('/console/config.json').then((r) => r.json())) as ClientConfig;
  if (config.auth === 'cognito') await finishCognitoSignIn();
  window.addEventListener('hashchange', () => void route());
  await route();
}

void start();
