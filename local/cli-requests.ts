import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `privacy-desk requests …`: the staff console's actions from a terminal, through the same API.
 * Against the local stack it signs in with the local user; against a deployed API it sends a
 * Cognito token (`--token` or PRIVACY_DESK_TOKEN).
 */
export const REQUESTS_USAGE = `Usage: privacy-desk requests <command> [options]

Commands:
  list [--status S] [--urgent]            open requests, most urgent first, and closed ones
                                          with a reply waiting for staff
  list --ignored                          mail that did not become a request, with the reason
  take-in MAIL-ID --types erasure,…       turn a listed mail into a request (deadline from its receipt)
  show ID                                 one request: status, deadline, evidence, timeline
  approve ID                              approve the review (or accept a triage item)
  reject ID --reason R [--detail TEXT [--quote]]
                                          R: unverified | not_a_request | duplicate |
                                          third_party_unauthorised, or on the merits (--detail
                                          required): manifestly_unfounded | excessive |
                                          erasure_exemption | data_accurate | compelling_grounds;
                                          --quote puts the detail in the requester's notice
  name-subject ID --email ADDRESS         name the person a representative wrote for, and start
  reclassify ID --types access,erasure    change the request types before approval
  more-info ID --question TEXT            mail the requester a question and pause the clock
  resume ID                               restart a paused clock
  extend ID --months 1|2 --reason TEXT    extend the deadline once, within the first month
  approve-plan ID | reject-plan ID --reason R [--detail TEXT [--quote]]
  complete-task ID --task manual:<store> (--outcome done|nothing_found [--note T] [--file PATH]… | --items "a;b")
                  a store searched by hand: --note describes what was found, --file attaches it
                  (both go into the access package); manual:erase:<store> confirms a manual erasure
                  rectification: --items "phone number" --corrections '[{"storeId":"crm","recordId":"…","field":"phone","value":"…"}]'
                  manual:consents: [--withdraw newsletter,crm_contact_storage] (Art. 7(3))
                  [--stop PURPOSE,…] [--continue "PURPOSE=compelling grounds;…"] (Art. 21(1))
  retry ID                                run a failed request again from the failed step
  cancel ID [--detail TEXT [--quote]]     stop the workflow, close the request, notify the requester
  revoke-link ID [--reason TEXT]          stop the access package's download link (e.g. a forwarded mail)
  handled ID [--attention A]              mark the requester's replies (or reply A) read and answered
  open-related ID --attention A           open a new request, following ID, for what reply A asked

Options:
  --api URL        the API (default PRIVACY_DESK_API or http://127.0.0.1:3000, the local stack)
  --token JWT      a Cognito access token for a deployed API (default PRIVACY_DESK_TOKEN)
  --user NAME      local sign-in (default PRIVACY_DESK_USER or privacy.officer)
  --password PW    local sign-in (default PRIVACY_DESK_PASSWORD or the demo password)
  --json           print the API's JSON answer
`;

export class RequestsCommandError extends Error {
  override name = 'RequestsCommandError';
}

type Json = Record<string, unknown>;

export interface Connection {
  api: string;
  headers: Record<string, string>;
}

export async function connect(
  values: Record<string, string | string[] | boolean | undefined>,
): Promise<Connection> {
  const api = String(values.api ?? process.env.PRIVACY_DESK_API ?? 'http://127.0.0.1:3000').replace(
    /\/$/,
    '',
  );
  const token = values.token ?? process.env.PRIVACY_DESK_TOKEN;
  if (token) return { api, headers: { authorization: `Bearer ${String(token)}` } };
  const response = await fetch(`${api}/local/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-privacy-desk-csrf': '1' },
    body: JSON.stringify({
      username: values.user ?? process.env.PRIVACY_DESK_USER ?? 'privacy.officer',
      password: values.password ?? process.env.PRIVACY_DESK_PASSWORD ?? 'privacy-desk-demo',
    }),
  }).catch((error: Error) => {
    throw new RequestsCommandError(
      `cannot reach ${api} (${error.message}); is the local stack running (npm start)?`,
    );
  });
  if (!response.ok)
    throw new RequestsCommandError(
      `local sign-in failed (${response.status}); for a deployed API pass --token`,
    );
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { api, headers: { cookie } };
}

export async function call(
  connection: Connection,
  method: 'GET' | 'POST',
  path: string,
  body?: Json,
): Promise<Json> {
  const response = await fetch(`${connection.api}${path}`, {
    method,
    headers: {
      ...connection.headers,
      ...(method === 'POST' ? { 'content-type': 'application/json', 'x-privacy-desk-csrf': '1' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const data = (await response.json().catch(() => ({}))) as Json;
  if (!response.ok)
    throw new RequestsCommandError(
      `${response.status}: ${String(data.detail ?? data.message ?? response.statusText)}`,
    );
  return data;
}

const pad = (value: string, width: number) =>
  value.length >= width ? value : value + ' '.repeat(width - value.length);

const CLOSED = ['completed', 'rejected', 'cancelled'];

function deadline(item: Json): string {
  const days = Number(item.daysLeft);
  if (CLOSED.includes(String(item.status))) return 'closed';
  if (item.urgency === 'paused') return 'paused';
  if (days < 0) return `OVERDUE ${-days}d`;
  return item.urgency === 'due_soon' ? `due in ${days}d !` : `${days}d left`;
}

function printList(items: Json[]): void {
  const rows = items.map((r) => [
    String(r.id),
    deadline(r),
    String(r.dueAt),
    `${String(r.status)}${r.statusReason ? `/${String(r.statusReason)}` : ''}`,
    (r.types as string[]).join(',') || '-',
    String(r.language),
    String(r.channel),
    String(r.subject),
    ((r.attention as string[] | undefined) ?? []).join('; '),
  ]);
  printTable(['ID', 'DEADLINE', 'DUE', 'STATUS', 'TYPES', 'LANG', 'CHANNEL', 'REQUESTER', 'ATTENTION'], rows);
  if (rows.length === 0) process.stdout.write('No open requests.\n');
}

export function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  for (const row of [header, ...rows])
    process.stdout.write(
      `${row
        .map((c, i) => pad(c, widths[i] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
}

function printIgnored(mails: Json[]): void {
  printTable(
    ['MAIL', 'RECEIVED', 'REASON', 'FROM', 'SUBJECT', 'RIGHTS NAMED', 'TAKEN IN AS'],
    mails.map((m) => [
      String(m.mailId),
      String(m.receivedAt).slice(0, 16),
      String(m.reason),
      String(m.sender || '-'),
      String(m.subject ?? '').slice(0, 50),
      ((m.types as string[] | undefined) ?? []).join(',') || '-',
      String(m.takenInAs ?? '-'),
    ]),
  );
  if (mails.length === 0) process.stdout.write('No mail was left out.\n');
}

function printDetail(d: Json): void {
  const r = d.request as Json;
  const verification = (d.verification as Json) ?? {};
  const lines = [
    `${String(r.id)}  ${String(r.status)}${r.statusReason ? ` (${String(r.statusReason)})` : ''}`,
    `  types       ${(r.types as string[]).join(', ') || '-'}`,
    `  requester   ${String(r.subjectEmail)}  (${String(r.language)}, ${String(r.channel)})`,
    `  received    ${String(r.receivedAt)}`,
    ...(r.relatedTo ? [`  follows     ${String(r.relatedTo)}`] : []),
    `  due         ${String(r.dueAt)}  (${deadline(r)})${r.extendedAt ? '  extended' : ''}${r.pausedSince ? `  paused since ${String(r.pausedSince)}` : ''}`,
    `  identity    ${verification.verifiedAt ? `confirmed ${String(verification.verifiedAt)}` : 'not confirmed'}`,
    `  actions     ${((d.actions as string[]) ?? []).join(', ') || '-'}`,
    ...((d.attention as Json[] | undefined) ?? []).map(
      (a) => `  ATTENTION   ${String(a.at)}  ${String(a.text)}  (reply ${String(a.attentionId)})`,
    ),
    '  timeline',
    ...((d.timeline as Json[]) ?? []).map(
      (e) =>
        `    ${String(e.at)}  ${String(e.action)}${e.toStatus ? ` -> ${String(e.toStatus)}` : ''}  (${String(e.actor)})`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const ACTIONS: Record<string, string> = {
  approve: 'approve',
  reject: 'reject',
  reclassify: 'reclassify',
  'more-info': 'more-info',
  resume: 'resume',
  extend: 'extend',
  'approve-plan': 'approve-erasure-plan',
  'reject-plan': 'reject-erasure-plan',
  'complete-task': 'complete-task',
  retry: 'retry',
  cancel: 'cancel',
  'revoke-link': 'revoke-link',
  handled: 'resolve-attention',
  'open-related': 'open-related',
  'name-subject': 'name-subject',
};

function actionBody(command: string, v: Record<string, string | string[] | boolean | undefined>): Json {
  const need = (name: string) => {
    const value = v[name];
    if (typeof value !== 'string' || !value) throw new RequestsCommandError(`${command} needs --${name}`);
    return value;
  };
  switch (command) {
    case 'reject':
      return {
        reason: need('reason'),
        ...(typeof v.detail === 'string' ? { detail: v.detail, quote: v.quote === true } : {}),
      };
    case 'cancel':
      return typeof v.detail === 'string' ? { reason: v.detail, quote: v.quote === true } : {};
    case 'revoke-link':
      return typeof v.reason === 'string' ? { reason: v.reason } : {};
    case 'reject-plan':
      return {
        reason: need('reason'),
        ...(typeof v.detail === 'string' ? { detail: v.detail, quote: v.quote === true } : {}),
      };
    case 'name-subject':
      return { email: need('email') };
    case 'reclassify':
      return {
        types: need('types')
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      };
    case 'more-info':
      return { question: need('question') };
    case 'handled':
      return typeof v.attention === 'string' ? { attentionId: v.attention } : {};
    case 'open-related':
      return { attentionId: need('attention') };
    case 'take-in':
      return {
        types: need('types')
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      };
    case 'extend':
      return { months: Number(need('months')), reason: need('reason') };
    case 'complete-task': {
      const taskId = need('task');
      if (taskId === 'manual:consents') return { taskId, output: consentDecisionsOf(v) };
      if (typeof v.items === 'string') {
        const items = v.items
          .split(';')
          .map((s) => s.trim())
          .filter(Boolean);
        const corrections = typeof v.corrections === 'string' ? JSON.parse(v.corrections) : undefined;
        return {
          taskId,
          output:
            taskId === 'manual:restriction'
              ? { systems: items }
              : { correctedItems: items, ...(corrections ? { corrections } : {}) },
        };
      }
      return {
        taskId,
        output: {
          outcome: need('outcome'),
          ...(typeof v.note === 'string' ? { note: v.note } : {}),
          ...(Array.isArray(v.file) && v.file.length > 0
            ? {
                files: v.file.map((path) => ({
                  name: basename(String(path)),
                  dataBase64: readFileSync(String(path)).toString('base64'),
                })),
              }
            : {}),
        },
      };
    }
    default:
      return {};
  }
}

/** The consent task's output: consents withdrawn, and the Art. 21(1) decision per purpose. */
function consentDecisionsOf(v: Record<string, string | string[] | boolean | undefined>): Json {
  const list = (name: string) =>
    typeof v[name] === 'string'
      ? String(v[name])
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  const continued = (typeof v.continue === 'string' ? v.continue.split(';') : [])
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [purposeId = '', ...grounds] = entry.split('=');
      return { purposeId: purposeId.trim(), decision: 'continue', grounds: grounds.join('=').trim() };
    });
  return {
    withdraw: list('withdraw'),
    objections: [...list('stop').map((purposeId) => ({ purposeId, decision: 'stop' })), ...continued],
  };
}

/** The options every staff command takes: where the API is, how to sign in, and JSON output. */
export const CONNECTION_OPTIONS = {
  api: { type: 'string' },
  token: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export async function requestsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...CONNECTION_OPTIONS,
      status: { type: 'string' },
      urgent: { type: 'boolean' },
      reason: { type: 'string' },
      detail: { type: 'string' },
      quote: { type: 'boolean' },
      types: { type: 'string' },
      question: { type: 'string' },
      months: { type: 'string' },
      task: { type: 'string' },
      outcome: { type: 'string' },
      note: { type: 'string' },
      file: { type: 'string', multiple: true },
      items: { type: 'string' },
      corrections: { type: 'string' },
      withdraw: { type: 'string' },
      stop: { type: 'string' },
      continue: { type: 'string' },
      ignored: { type: 'boolean' },
      attention: { type: 'string' },
      email: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, id] = positionals;
  if (!command || values.help) {
    process.stdout.write(REQUESTS_USAGE);
    return;
  }
  if (command !== 'list' && command !== 'show' && command !== 'take-in' && !(command in ACTIONS)) {
    throw new RequestsCommandError(`unknown requests command: ${command}\n\n${REQUESTS_USAGE}`);
  }
  if (command !== 'list' && !id) throw new RequestsCommandError(`${command} needs a request id`);
  const body = command in ACTIONS || command === 'take-in' ? actionBody(command, values) : {};
  const connection = await connect(values);
  if (command === 'list' && values.ignored) {
    const { mails } = (await call(connection, 'GET', '/api/not-a-request')) as { mails: Json[] };
    if (values.json) process.stdout.write(`${JSON.stringify(mails, null, 2)}\n`);
    else printIgnored(mails);
    return;
  }
  if (command === 'take-in') {
    const path = `/api/not-a-request/${encodeURIComponent(id ?? '')}/take-in`;
    const result = await call(connection, 'POST', path, body);
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else
      process.stdout.write(
        `${String(id)}: taken in as ${String(result.requestId)}; status ${String(result.status)}, due ${String(result.dueAt)}\n`,
      );
    return;
  }
  if (command === 'list') {
    const { requests } = (await call(connection, 'GET', '/api/requests')) as { requests: Json[] };
    const shown = requests
      .filter((r) => !values.status || r.status === values.status)
      .filter((r) => !values.urgent || r.urgency === 'overdue' || r.urgency === 'due_soon');
    if (values.json) process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    else printList(shown);
    return;
  }
  const path = `/api/requests/${encodeURIComponent(id ?? '')}`;
  if (command === 'show') {
    const detail = await call(connection, 'GET', path);
    if (values.json) process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
    else printDetail(detail);
    return;
  }
  const result = await call(connection, 'POST', `${path}/${ACTIONS[command]}`, body);
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else {
    process.stdout.write(
      `${String(result.requestId)}: ${command} done; status ${String(result.status)}${result.statusReason ? ` (${String(result.statusReason)})` : ''}, due ${String(result.dueAt)}${result.pausedSince ? ', clock paused' : ''}${result.openedRequestId ? `; opened ${String(result.openedRequestId)}` : ''}\n`,
    );
  }
}
