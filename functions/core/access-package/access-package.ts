import { TIME_ZONE } from '../calendar/calendar-date';
import type { ConsentChange, ConsentChannel, ConsentStatus } from '../consents/consents';
import { deriveState } from '../consents/consents';
import type {
  AUTOMATED_DECISION_EXCEPTIONS,
  AutomatedDecisions,
  DataMap,
  DataStore,
  LawfulBasis,
  Localised,
} from '../datamap';
import type { FoundRecord, StoreFindings } from '../erasure/erasure-plan';
import { escapeHtml } from '../escape-html';
import type { ReplyLanguage } from '../request/request';

/**
 * The access package (GDPR Art. 15, and Art. 20 for portability): the subject's records as JSON
 * (machine-readable, with provenance) and one CSV per store, plus an HTML summary in the reply
 * language with the facts of Art. 15(1) from the data map, the subject's rights and consents.
 * Pure: the caller stores the result and sends an expiring link (ARCHITECTURE.md §6).
 */

export interface AccessPackageInput {
  requestId: string;
  language: ReplyLanguage;
  subjectEmail: string;
  findings: readonly StoreFindings[];
  dataMap: DataMap;
  /** The subject's whole consent history from the ledger, any purpose, any order. */
  consents: readonly ConsentChange[];
  /** ISO 8601 instant. */
  generatedAt: string;
  /** Art. 15(4): records staff kept out to protect other people, counted per store. */
  withheld?: readonly { storeId: string; count: number }[];
  /** The summary's words, per language. */
  texts: AccessPackageTextPacks;
}

export interface AccessPackage {
  json: string;
  /** One RFC 4180 file per store with records, keyed by store id (e.g. saved as `crm.csv`). */
  csv: Record<string, string>;
  html: string;
}

export const ACCESS_PACKAGE_FORMAT = 'privacy-desk/access-package@1';

export class AccessPackageError extends Error {
  override name = 'AccessPackageError';
}

export function buildAccessPackage(input: AccessPackageInput): AccessPackage {
  const sections = storeSections(input);
  const consents = consentSummaries(input);
  return {
    json: buildJson(input, sections, consents),
    csv: Object.fromEntries(sections.map(({ store, records }) => [store.id, recordsToCsv(records)])),
    html: buildHtml(input, sections, consents),
  };
}

interface StoreSection {
  store: DataStore;
  records: FoundRecord[];
}

/** Stores with records, in data map order; findings from an unknown store are refused. */
function storeSections({ findings, dataMap }: AccessPackageInput): StoreSection[] {
  const byStore = new Map<string, FoundRecord[]>();
  for (const finding of findings) {
    if (!dataMap.stores.some((s) => s.id === finding.storeId)) {
      throw new AccessPackageError(`findings name store "${finding.storeId}", which the data map lacks`);
    }
    byStore.set(finding.storeId, [...(byStore.get(finding.storeId) ?? []), ...finding.records]);
  }
  return dataMap.stores.flatMap((store) => {
    const records = byStore.get(store.id) ?? [];
    return records.length > 0 ? [{ store, records }] : [];
  });
}

interface ConsentSummary {
  purpose: string;
  description?: string;
  status: ConsentStatus;
  since?: string;
  textVersion?: string;
  history: ConsentChange[];
}

function consentSummaries({ consents, dataMap, language }: AccessPackageInput): ConsentSummary[] {
  const byPurpose = new Map<string, ConsentChange[]>();
  for (const change of consents)
    byPurpose.set(change.purpose, [...(byPurpose.get(change.purpose) ?? []), change]);
  return [...byPurpose.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([purpose, history]) => {
      const state = deriveState(history);
      const described = dataMap.stores.flatMap((s) => s.consentPurposes ?? []).find((c) => c.id === purpose);
      return {
        purpose,
        description: described?.description[language],
        status: state?.status ?? 'none',
        since: state?.since,
        textVersion: state?.textVersion,
        history: [...history].sort((a, b) => a.at.localeCompare(b.at)),
      };
    });
}

// --- JSON ---------------------------------------------------------------------------------------

function buildJson(input: AccessPackageInput, sections: StoreSection[], consents: ConsentSummary[]): string {
  const { language, dataMap } = input;
  const text = (value: Localised) => value[language];
  const document = {
    format: ACCESS_PACKAGE_FORMAT,
    requestId: input.requestId,
    generatedAt: input.generatedAt,
    language,
    subject: { email: input.subjectEmail },
    controller: dataMap.controller,
    stores: sections.map(({ store, records }) => ({
      storeId: store.id,
      name: store.publicName ? text(store.publicName) : store.name,
      purposes: store.purposes.map((p) => ({
        id: p.id,
        description: text(p.description),
        lawfulBasis: p.lawfulBasis ?? onlyBasis(store),
        automatedDecisions: automatedDecisionsJson(p.automatedDecisions, text),
      })),
      lawfulBasis: store.lawfulBasis,
      legitimateInterest: store.legitimateInterest ? text(store.legitimateInterest) : undefined,
      dataCategories: store.dataCategories.map((c) => ({ id: c.id, label: text(c.label) })),
      recipients: store.recipients.map((r) => ({
        name: r.name,
        description: text(r.description),
        thirdCountryTransfer: r.thirdCountryTransfer
          ? { country: r.thirdCountryTransfer.country, safeguard: text(r.thirdCountryTransfer.safeguard) }
          : undefined,
      })),
      source: { kind: store.source.kind, description: text(store.source.description) },
      retention: text(store.retention.description),
      records: records.map((record) => ({
        recordId: record.recordId,
        recordDate: record.recordDate,
        provenance: {
          storeId: store.id,
          system: store.name,
          owner: store.owner,
          connector: store.connector.type,
          source: store.source.kind,
          collectedAt: input.generatedAt,
        },
        fields: record.fields,
      })),
    })),
    withheld: (input.withheld ?? []).map((w) => ({
      storeId: w.storeId,
      name: storeName(dataMap, w.storeId, language),
      records: w.count,
      reason: input.texts[language].withheldReason,
    })),
    consents: consents.map((c) => ({
      purpose: c.purpose,
      description: c.description,
      status: c.status,
      since: c.since,
      textVersion: c.textVersion,
      history: c.history.map((h) => ({
        at: h.at,
        kind: h.kind,
        channel: h.channel,
        textVersion: h.textVersion,
      })),
    })),
  };
  return JSON.stringify(document, null, 2);
}

/** Art. 15(1)(h) in the subject's language: `none`, or the logic and consequences. */
function automatedDecisionsJson(decisions: AutomatedDecisions, text: (value: Localised) => string) {
  if (decisions.kind === 'none') return { kind: decisions.kind };
  return {
    kind: decisions.kind,
    logic: text(decisions.logic),
    consequences: text(decisions.consequences),
    ...(decisions.kind === 'automated_decision'
      ? { exception: decisions.exception, safeguards: text(decisions.safeguards) }
      : {}),
  };
}

function storeName(dataMap: DataMap, storeId: string, language: ReplyLanguage): string {
  const store = dataMap.stores.find((s) => s.id === storeId);
  if (!store)
    throw new AccessPackageError(`withheld records name store "${storeId}", which the data map lacks`);
  return store.publicName ? store.publicName[language] : store.name;
}

function onlyBasis(store: DataStore): LawfulBasis | undefined {
  return store.lawfulBasis.length === 1 ? store.lawfulBasis[0] : undefined;
}

// --- CSV ----------------------------------------------------------------------------------------

/** A BOM so spreadsheet programs read å, ä, ö and ø as UTF-8; RFC 4180 parsers skip it or may not. */
const UTF8_BOM = '\uFEFF';

/**
 * RFC 4180: a header row, CRLF line ends, fields quoted when they hold a quote, comma or line
 * break. Columns: `record_id`, `record_date`, then every field in order of first appearance.
 * Nested values are written as JSON.
 */
export function recordsToCsv(records: readonly FoundRecord[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record.fields)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const header = ['record_id', 'record_date', ...columns];
  const rows = records.map((r) => [r.recordId, r.recordDate, ...columns.map((column) => r.fields[column])]);
  return `${UTF8_BOM}${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** One CSV cell. Text starting with = + - @ (or tab/CR) gets a leading ' so no spreadsheet runs it. */
export function csvCell(value: unknown): string {
  let text: string;
  if (value === undefined || value === null) text = '';
  else if (typeof value === 'string') text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    text = String(value);
  else text = JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// --- HTML ---------------------------------------------------------------------------------------

/** HTML that is already escaped; everything else interpolated into `html` is escaped. */
class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

function renderValue(value: unknown): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(String(value));
}

function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  return new SafeHtml(strings.reduce((out, part, i) => out + renderValue(values[i - 1]) + part));
}

interface Authority {
  name: string;
  url: string;
  address: string;
}

const IMY: Authority = {
  name: 'Integritetsskyddsmyndigheten (IMY)',
  url: 'https://www.imy.se',
  address: 'Box 8114, 104 20 Stockholm',
};
/**
 * Art. 77(1): a subject may also complain where they live or work. These are the countries the
 * controller's own subjects mostly come from; any other authority is named by the general sentence.
 */
const AUTHORITIES_WHERE_SUBJECTS_LIVE: readonly { country: 'NO' | 'DK'; authority: Authority }[] = [
  {
    country: 'NO',
    authority: {
      name: 'Datatilsynet',
      url: 'https://www.datatilsynet.no',
      address: 'Postboks 458 Sentrum, 0105 Oslo',
    },
  },
  {
    country: 'DK',
    authority: {
      name: 'Datatilsynet',
      url: 'https://www.datatilsynet.dk',
      address: 'Carl Jacobsens Vej 35, 2500 Valby',
    },
  },
];

/** The words of the package's summary in one language (the deployment's are in `config/templates/`). */
export interface AccessPackageTexts {
  title: (controller: string) => string;
  intro: string;
  requestId: string;
  generatedAt: string;
  subject: string;
  found: (stores: number, records: number) => string;
  nothingFound: string;
  filesNote: string;
  purposes: string;
  lawfulBasis: string;
  legitimateInterest: string;
  categories: string;
  recipients: string;
  noRecipients: string;
  transfer: (country: string) => string;
  source: string;
  retention: string;
  records: (count: number) => string;
  csvFile: (file: string) => string;
  consents: string;
  noConsents: string;
  purpose: string;
  status: string;
  history: string;
  statuses: Record<ConsentStatus, string>;
  changes: Record<ConsentChange['kind'], string>;
  channels: Record<ConsentChannel, string>;
  bases: Record<LawfulBasis, string>;
  /** Art. 15(1)(h), per purpose. */
  automated: {
    none: string;
    profiling: string;
    decision: string;
    logic: string;
    consequences: string;
    safeguards: string;
    exceptions: Record<(typeof AUTOMATED_DECISION_EXCEPTIONS)[number], string>;
  };
  withheldTitle: string;
  withheld: (records: number, store: string) => string;
  withheldReason: string;
  rightsTitle: string;
  rights: string[];
  contact: (email: string) => string;
  complaintTitle: string;
  /** Names IMY: the controller is established in Sweden, so IMY is the lead authority (Art. 56). */
  complaint: string;
  complaintElsewhere: string;
  countries: Record<'NO' | 'DK', string>;
}

/** One text pack per reply language: passed in, as the data map is. */
export type AccessPackageTextPacks = Readonly<Record<ReplyLanguage, AccessPackageTexts>>;

const STOCKHOLM_TIME = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  dateStyle: 'short',
  timeStyle: 'short',
});

/** `2026-05-04 11:30`, Stockholm time; an unparseable value is shown as given. */
function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : STOCKHOLM_TIME.format(date);
}

function buildHtml(input: AccessPackageInput, sections: StoreSection[], consents: ConsentSummary[]): string {
  const { language, dataMap } = input;
  const t = input.texts[language];
  const text = (value: Localised) => value[language];
  const recordCount = sections.reduce((sum, s) => sum + s.records.length, 0);

  const storeHtml = sections.map(({ store, records }) => {
    const purposeItems = store.purposes.map((p) => {
      const basis = p.lawfulBasis ?? onlyBasis(store);
      return html`<li>${text(p.description)}${basis ? html` <span class="basis">(${t.bases[basis]})</span>` : ''}${automatedHtml(p.automatedDecisions, t, text)}</li>`;
    });
    const recipientItems = store.recipients.map(
      (r) =>
        html`<li><strong>${r.name}</strong>: ${text(r.description)}${
          r.thirdCountryTransfer
            ? html` ${t.transfer(r.thirdCountryTransfer.country)}: ${text(r.thirdCountryTransfer.safeguard)}`
            : ''
        }</li>`,
    );
    return html`
<section class="store" id="store-${store.id}">
<h2>${store.publicName ? text(store.publicName) : store.name}</h2>
<dl>
<dt>${t.purposes}</dt><dd><ul>${purposeItems}</ul></dd>
<dt>${t.lawfulBasis}</dt><dd>${store.lawfulBasis.map((b) => t.bases[b]).join('; ')}</dd>
${store.legitimateInterest ? html`<dt>${t.legitimateInterest}</dt><dd>${text(store.legitimateInterest)}</dd>` : ''}
<dt>${t.categories}</dt><dd>${store.dataCategories.map((c) => text(c.label)).join(', ')}</dd>
<dt>${t.recipients}</dt><dd>${recipientItems.length > 0 ? html`<ul>${recipientItems}</ul>` : t.noRecipients}</dd>
<dt>${t.source}</dt><dd>${text(store.source.description)}</dd>
<dt>${t.retention}</dt><dd>${text(store.retention.description)}</dd>
</dl>
<details>
<summary>${t.records(records.length)}. ${t.csvFile(`${store.id}.csv`)}</summary>
${records.map(recordTable)}
</details>
</section>`;
  });

  const consentRows = consents.map(
    (c) => html`<tr>
<td>${c.description ?? c.purpose}</td>
<td>${t.statuses[c.status]}${c.since ? html` (${formatInstant(c.since)})` : ''}</td>
<td><ul>${c.history.map(
      (h) =>
        html`<li>${formatInstant(h.at)}: ${t.changes[h.kind]}, ${t.channels[h.channel]}${h.textVersion ? html` (${h.textVersion})` : ''}</li>`,
    )}</ul></td>
</tr>`,
  );

  const authority = IMY;
  const page = html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t.title(dataMap.controller.name)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
dt{font-weight:600;margin-top:.5rem}dd{margin-left:0}table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}section.store{border-top:1px solid #ddd;margin-top:1.5rem}
.basis{color:#555}
</style>
</head>
<body>
<h1>${t.title(dataMap.controller.name)}</h1>
<p>${t.intro}</p>
<table class="meta">
<tr><th>${t.requestId}</th><td>${input.requestId}</td></tr>
<tr><th>${t.subject}</th><td>${input.subjectEmail}</td></tr>
<tr><th>${t.generatedAt}</th><td>${formatInstant(input.generatedAt)}</td></tr>
</table>
<p>${sections.length > 0 ? t.found(sections.length, recordCount) : input.withheld?.length ? '' : t.nothingFound} ${t.filesNote}</p>
${storeHtml}
${
  input.withheld?.length
    ? html`<section id="withheld">
<h2>${t.withheldTitle}</h2>
<ul>${input.withheld.map((w) => html`<li>${t.withheld(w.count, storeName(dataMap, w.storeId, language))}</li>`)}</ul>
<p>${t.withheldReason}</p>
</section>`
    : ''
}
<section id="consents">
<h2>${t.consents}</h2>
${
  consentRows.length > 0
    ? html`<table><tr><th>${t.purpose}</th><th>${t.status}</th><th>${t.history}</th></tr>${consentRows}</table>`
    : html`<p>${t.noConsents}</p>`
}
</section>
<section id="rights">
<h2>${t.rightsTitle}</h2>
<ul>${t.rights.map((right) => html`<li>${right}</li>`)}</ul>
<p>${t.contact(dataMap.controller.dpoEmail ?? dataMap.controller.email)}</p>
</section>
<section id="complaint">
<h2>${t.complaintTitle}</h2>
<p>${t.complaint} ${authority.name}, ${authority.address}, <a href="${authority.url}">${authority.url}</a></p>
<p>${t.complaintElsewhere}</p>
<ul>${AUTHORITIES_WHERE_SUBJECTS_LIVE.map(
    ({ country, authority: local }) =>
      html`<li>${t.countries[country]}: ${local.name}, ${local.address}, <a href="${local.url}">${local.url}</a></li>`,
  )}</ul>
</section>
</body>
</html>
`;
  return page.value;
}

/** Art. 15(1)(h) under a purpose: that nothing is automated, or the logic and its consequences. */
function automatedHtml(
  decisions: AutomatedDecisions,
  t: AccessPackageTexts,
  text: (value: Localised) => string,
): SafeHtml {
  if (decisions.kind === 'none') return html`<br><span class="automated">${t.automated.none}</span>`;
  const title =
    decisions.kind === 'profiling'
      ? t.automated.profiling
      : `${t.automated.decision}: ${t.automated.exceptions[decisions.exception]}`;
  return html`<dl class="automated"><dt>${title}</dt>
<dd>${t.automated.logic}: ${text(decisions.logic)}</dd>
<dd>${t.automated.consequences}: ${text(decisions.consequences)}</dd>
${decisions.kind === 'automated_decision' ? html`<dd>${t.automated.safeguards}: ${text(decisions.safeguards)}</dd>` : ''}</dl>`;
}

function recordTable(record: FoundRecord): SafeHtml {
  const rows = Object.entries(record.fields).map(
    ([key, value]) =>
      html`<tr><th>${key}</th><td>${typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)}</td></tr>`,
  );
  return html`<table class="record" data-record-id="${record.recordId}">${rows}</table>`;
}
