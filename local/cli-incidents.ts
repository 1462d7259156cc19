import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  CONNECTION_OPTIONS,
  type Connection,
  call,
  connect,
  printTable,
  RequestsCommandError,
} from './cli-requests';

/**
 * `privacy-desk incidents …`: the breach desk from a terminal, through the same API as the
 * console (local sign-in, or a Cognito token for a deployed API).
 */
export const INCIDENTS_USAGE = `Usage: privacy-desk incidents <command> [options]

Commands:
  list                                    incidents, the most urgent 72-hour clock first
  show ID                                 one incident: facts, clock, risk, scopes, filings, timeline
  open --title T [--aware-at ISO] [--description D]
                                          open an incident (awareness defaults to now)
  facts ID [--description D] [--consequences C] [--measures-taken M] [--measures-proposed P]
           [--data-categories a,b] [--subject-categories a,b] [--approx-subjects N] [--approx-records N]
           [--aware-at ISO]               record the Art. 33(3) facts as they become known
  assess ID --risk no_risk|risk|high_risk --reasoning TEXT
  scope ID --store S --from ISO --to ISO [--where FIELD=VALUE]
                                          list the people affected in one store of the data map
  scope-done ID --store S --people N --records N
                                          what staff found in a store searched by hand
  notify-subjects ID [--texts FILE.json]  show the notice and the list, with their digest
  notify-subjects ID --approve DIGEST [--texts FILE.json]
                                          approve exactly that text and list, then send (once each)
  record-filed ID --phase initial|supplementary|final --channel imy_e_service|email|post
               [--filed-at ISO] [--reference R] [--late-reason TEXT]
  authority-notice ID [--html]            the notification for IMY, as JSON or a printable page
  register [--csv]                        every incident, notified or not (Art. 33(5))

--texts FILE.json: {"sv": {"nature": "…", "consequences": "…", "measures": "…"}, "nb": {…}, "en": {…}}

Options:
  --api URL, --token JWT, --user NAME, --password PW   as for privacy-desk requests
  --json           print the API's JSON answer
`;

type Json = Record<string, unknown>;
type Values = Record<string, string | boolean | undefined>;

const need = (values: Values, name: string, command: string): string => {
  const value = values[name];
  if (typeof value !== 'string' || !value) throw new RequestsCommandError(`${command} needs --${name}`);
  return value;
};
const list = (value: string | boolean | undefined) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
const optional = (entries: [string, unknown][]): Json =>
  Object.fromEntries(entries.filter(([, value]) => value !== undefined && value !== ''));

function clockText(item: Json): string {
  const hours = Number(item.hoursLeft);
  switch (item.clock) {
    case 'filed':
      return 'notified';
    case 'not_required':
      return 'no notification needed';
    case 'passed':
      return `LATE ${-hours}h`;
    case '6h':
    case '24h':
      return `${hours}h left !`;
    default:
      return `${hours}h left`;
  }
}

function printList(items: Json[]): void {
  printTable(
    ['INCIDENT', 'CLOCK', 'DEADLINE', 'STATUS', 'RISK', 'AFFECTED', 'NOTIFIED', 'TITLE'],
    items.map((i) => [
      String(i.incidentId),
      clockText(i),
      String(i.authorityDeadline),
      String(i.status),
      String(i.risk ?? '-'),
      String(i.affectedSubjects),
      String(i.subjectsNotified),
      String(i.title).slice(0, 50),
    ]),
  );
  if (items.length === 0) process.stdout.write('No incidents.\n');
}

function printDetail(detail: Json): void {
  const i = detail.incident as Json;
  const s = detail.summary as Json;
  const facts = (i.facts as Json) ?? {};
  const scopes = (i.scopes as Json[]) ?? [];
  const filings = (i.filings as Json[]) ?? [];
  const assessment = i.assessment as Json | undefined;
  const lines = [
    `${String(i.incidentId)}  ${String(i.status)}  ${String(i.title)}`,
    `  aware       ${String(i.awareAt)}`,
    `  deadline    ${String(i.authorityDeadline)}  (${clockText(s)})`,
    `  risk        ${assessment ? `${String(assessment.risk)}: ${String(assessment.reasoning)}` : 'not assessed'}`,
    `  what        ${String(facts.description ?? '-')}`,
    `  data        ${((facts.dataCategories as string[]) ?? []).join(', ') || '-'}`,
    `  people      ${((facts.subjectCategories as string[]) ?? []).join(', ') || '-'}; about ${String(facts.approxSubjects ?? '?')} people, ${String(facts.approxRecords ?? '?')} records`,
    `  notified    ${String(i.subjectsNotified)} people; authority: ${filings.map((f) => `${String(f.phase)} ${String(f.filedAt)}`).join(', ') || 'not yet'}`,
    ...scopes.map(
      (sc) =>
        `  scope       ${String(sc.storeId)} ${String(sc.from)}..${String(sc.to)}: ${sc.outcome === 'manual' ? `staff task${(sc.task as Json | undefined)?.doneAt ? ' (done)' : ''}` : `${String(sc.subjects)} people, ${String(sc.records)} records`}`,
    ),
    '  timeline',
    ...((detail.timeline as Json[]) ?? []).map(
      (e) => `    ${String(e.at)}  ${String(e.action)}  (${String(e.actor)})`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printPreview(preview: Json): void {
  const subjects = (preview.subjects as Json[]) ?? [];
  const samples = (preview.samples as Record<string, Json>) ?? {};
  const byLanguage = subjects.reduce<Record<string, number>>((n, s) => {
    const language = String(s.language);
    n[language] = (n[language] ?? 0) + 1;
    return n;
  }, {});
  const lines = [
    `${String(preview.incidentId)}: ${subjects.length} people (${Object.entries(byLanguage)
      .map(([l, n]) => `${l} ${n}`)
      .join(', ')}), ${preview.approved ? 'approved' : 'not approved'}`,
    ...Object.entries(samples).flatMap(([language, mail]) => [
      '',
      `--- ${language}: ${String(mail.subject)}`,
      String(mail.text).trimEnd(),
    ]),
    '',
    `digest ${String(preview.digest)}: approve and send with --approve ${String(preview.digest)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A non-JSON answer (CSV, HTML), as text. */
async function fetchText(connection: Connection, path: string): Promise<string> {
  const response = await fetch(`${connection.api}${path}`, { headers: connection.headers });
  const text = await response.text();
  if (!response.ok) throw new RequestsCommandError(`${response.status}: ${text.slice(0, 200)}`);
  return text;
}

async function textsFrom(values: Values): Promise<Json | undefined> {
  if (typeof values.texts !== 'string') return undefined;
  const raw = await readFile(values.texts, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new RequestsCommandError(`cannot read ${String(values.texts)}: ${error.code ?? error.message}`);
  });
  try {
    return JSON.parse(raw) as Json;
  } catch {
    throw new RequestsCommandError(`${String(values.texts)} is not JSON`);
  }
}

function scopeBody(values: Values): Json {
  const where = typeof values.where === 'string' ? values.where : undefined;
  const split = where?.indexOf('=') ?? -1;
  if (where !== undefined && split < 1) throw new RequestsCommandError('--where takes FIELD=VALUE');
  return {
    storeId: need(values, 'store', 'scope'),
    from: need(values, 'from', 'scope'),
    to: need(values, 'to', 'scope'),
    ...(where ? { condition: { field: where.slice(0, split), equals: where.slice(split + 1) } } : {}),
  };
}

function factsBody(values: Values): Json {
  const number = (name: string) => (typeof values[name] === 'string' ? Number(values[name]) : undefined);
  return optional([
    ['description', values.description],
    ['consequences', values.consequences],
    ['measuresTaken', values['measures-taken']],
    ['measuresProposed', values['measures-proposed']],
    ['dataCategories', list(values['data-categories'])],
    ['subjectCategories', list(values['subject-categories'])],
    ['approxSubjects', number('approx-subjects')],
    ['approxRecords', number('approx-records')],
    ['awareAt', values['aware-at']],
  ]);
}

const COMMANDS = [
  'list',
  'show',
  'open',
  'facts',
  'assess',
  'scope',
  'scope-done',
  'notify-subjects',
  'record-filed',
  'authority-notice',
  'register',
];

export async function incidentsCommand(argv: string[]): Promise<void> {
  const text = { type: 'string' } as const;
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...CONNECTION_OPTIONS,
      title: text,
      'aware-at': text,
      description: text,
      consequences: text,
      'measures-taken': text,
      'measures-proposed': text,
      'data-categories': text,
      'subject-categories': text,
      'approx-subjects': text,
      'approx-records': text,
      risk: text,
      reasoning: text,
      store: text,
      from: text,
      to: text,
      where: text,
      people: text,
      records: text,
      approve: text,
      texts: text,
      phase: text,
      channel: text,
      'filed-at': text,
      reference: text,
      'late-reason': text,
      html: { type: 'boolean' },
      csv: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, id] = positionals;
  if (!command || values.help) {
    process.stdout.write(INCIDENTS_USAGE);
    return;
  }
  if (!COMMANDS.includes(command))
    throw new RequestsCommandError(`unknown incidents command: ${command}\n\n${INCIDENTS_USAGE}`);
  if (!['list', 'open', 'register'].includes(command) && !id)
    throw new RequestsCommandError(`${command} needs an incident id`);
  const out = (data: unknown): void => {
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  };
  const path = `/api/incidents/${encodeURIComponent(id ?? '')}`;
  // Arguments are checked before signing in: a typo costs no round trip.
  const body: Json | undefined =
    command === 'open'
      ? optional([
          ['title', need(values, 'title', 'open')],
          ['awareAt', values['aware-at']],
          ['description', values.description],
        ])
      : command === 'facts'
        ? factsBody(values)
        : command === 'assess'
          ? { risk: need(values, 'risk', 'assess'), reasoning: need(values, 'reasoning', 'assess') }
          : command === 'scope'
            ? scopeBody(values)
            : command === 'scope-done'
              ? {
                  storeId: need(values, 'store', 'scope-done'),
                  subjects: Number(need(values, 'people', 'scope-done')),
                  records: Number(need(values, 'records', 'scope-done')),
                }
              : command === 'record-filed'
                ? optional([
                    ['phase', need(values, 'phase', 'record-filed')],
                    ['channel', need(values, 'channel', 'record-filed')],
                    ['filedAt', values['filed-at']],
                    ['reference', values.reference],
                    ['lateReason', values['late-reason']],
                  ])
                : undefined;
  const texts = command === 'notify-subjects' ? await textsFrom(values) : undefined;
  const connection = await connect(values);

  switch (command) {
    case 'list': {
      const { incidents } = (await call(connection, 'GET', '/api/incidents')) as { incidents: Json[] };
      return values.json ? out(incidents) : printList(incidents);
    }
    case 'show': {
      const detail = await call(connection, 'GET', path);
      return values.json ? out(detail) : printDetail(detail);
    }
    case 'open': {
      const result = await call(connection, 'POST', '/api/incidents', body);
      const summary = result.summary as Json;
      if (values.json) return out(summary);
      process.stdout.write(
        `${String(summary.incidentId)}: opened; aware ${String(summary.awareAt)}, notify IMY by ${String(summary.authorityDeadline)} (${clockText(summary)})\n`,
      );
      return;
    }
    case 'facts':
    case 'assess':
    case 'scope-done':
    case 'record-filed': {
      const action = command === 'scope-done' ? 'complete-scope-task' : command;
      const incident = await call(connection, 'POST', `${path}/${action}`, body);
      if (values.json) return out(incident);
      process.stdout.write(
        `${String(incident.incidentId)}: ${command} done; status ${String(incident.status)}\n`,
      );
      return;
    }
    case 'scope': {
      const result = await call(connection, 'POST', `${path}/scope`, body);
      if (values.json) return out(result);
      const scope = result.scope as Json;
      const incident = result.incident as Json;
      const facts = incident.facts as Json;
      process.stdout.write(
        scope.outcome === 'manual'
          ? `${String(id)}: ${String(scope.storeId)} cannot be searched by date; staff task: ${String((scope.task as Json).instructions)}\n`
          : `${String(id)}: ${String(scope.storeId)}: ${String(scope.subjects)} people, ${String(scope.records)} records; in all about ${String(facts.approxSubjects)} people\n`,
      );
      return;
    }
    case 'notify-subjects': {
      const preview = await call(connection, 'POST', `${path}/notice-preview`, texts ? { texts } : {});
      if (typeof values.approve !== 'string') return values.json ? out(preview) : printPreview(preview);
      await call(connection, 'POST', `${path}/approve-notice`, {
        digest: values.approve,
        ...(texts ? { texts } : {}),
      });
      const result = await call(connection, 'POST', `${path}/notify-subjects`, {});
      if (values.json) return out({ sent: result.sent, alreadyNotified: result.alreadyNotified });
      process.stdout.write(
        `${String(id)}: notice sent to ${String(result.sent)} people (${String(result.alreadyNotified)} told before)\n`,
      );
      return;
    }
    case 'authority-notice': {
      if (values.html) {
        process.stdout.write(await fetchText(connection, `${path}/authority-notice?format=html`));
        return;
      }
      return out(await call(connection, 'GET', `${path}/authority-notice`));
    }
    case 'register': {
      if (values.csv) {
        process.stdout.write(await fetchText(connection, '/api/incident-register?format=csv'));
        return;
      }
      const { incidents } = (await call(connection, 'GET', '/api/incident-register')) as {
        incidents: Json[];
      };
      if (values.json) return out(incidents);
      printTable(
        ['INCIDENT', 'AWARE', 'RISK', 'IMY NOTIFIED', 'PEOPLE TOLD', 'TITLE'],
        incidents.map((r) => [
          String(r.incidentId),
          String(r.awareAt),
          String(r.risk),
          String(r.authorityNotifiedAt || 'no'),
          String(r.subjectsNotified),
          String(r.title).slice(0, 50),
        ]),
      );
      return;
    }
  }
}
