import type { DataMap } from '../datamap';
import { escapeHtml } from '../escape-html';
import type { Incident } from './incidents';

/**
 * The register of personal data breaches (Art. 33(5)): every incident, notified or not, with its
 * facts, effects and remedial action, as the supervisory authority asks for it in an audit; and
 * the notification to the authority itself, with the fields IMY's breach form asks for.
 */

export interface RegisterRow {
  incidentId: string;
  status: string;
  title: string;
  source: string;
  awareAt: string;
  authorityDeadline: string;
  description: string;
  dataCategories: string;
  subjectCategories: string;
  approxSubjects: number | '';
  approxRecords: number | '';
  consequences: string;
  measuresTaken: string;
  measuresProposed: string;
  risk: string;
  riskReasoning: string;
  authorityNotified: 'yes' | 'no';
  authorityNotifiedAt: string;
  filingPhases: string;
  lateReason: string;
  subjectsNotified: number;
  closedAt: string;
}

export const REGISTER_COLUMNS: readonly (keyof RegisterRow)[] = [
  'incidentId',
  'status',
  'title',
  'source',
  'awareAt',
  'authorityDeadline',
  'description',
  'dataCategories',
  'subjectCategories',
  'approxSubjects',
  'approxRecords',
  'consequences',
  'measuresTaken',
  'measuresProposed',
  'risk',
  'riskReasoning',
  'authorityNotified',
  'authorityNotifiedAt',
  'filingPhases',
  'lateReason',
  'subjectsNotified',
  'closedAt',
];

export function registerRow(incident: Incident): RegisterRow {
  const first = incident.filings[0];
  return {
    incidentId: incident.incidentId,
    status: incident.status,
    title: incident.title,
    source: incident.source,
    awareAt: incident.awareAt,
    authorityDeadline: incident.authorityDeadline,
    description: incident.facts.description ?? '',
    dataCategories: incident.facts.dataCategories.join('; '),
    subjectCategories: incident.facts.subjectCategories.join('; '),
    approxSubjects: incident.facts.approxSubjects ?? '',
    approxRecords: incident.facts.approxRecords ?? '',
    consequences: incident.facts.consequences ?? '',
    measuresTaken: incident.facts.measuresTaken ?? '',
    measuresProposed: incident.facts.measuresProposed ?? '',
    risk: incident.assessment?.risk ?? 'not_assessed',
    riskReasoning: incident.assessment?.reasoning ?? '',
    authorityNotified: first ? 'yes' : 'no',
    authorityNotifiedAt: first?.filedAt ?? '',
    filingPhases: incident.filings.map((f) => `${f.phase} ${f.filedAt} (${f.channel})`).join('; '),
    lateReason: first?.lateReason ?? '',
    subjectsNotified: incident.subjectsNotified,
    closedAt: incident.closedAt ?? '',
  };
}

/** Oldest first: the order an auditor reads a register in. */
export function registerRows(incidents: readonly Incident[]): RegisterRow[] {
  return [...incidents].sort((a, b) => a.awareAt.localeCompare(b.awareAt)).map(registerRow);
}

/** RFC 4180 CSV; a cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function registerCsv(rows: readonly RegisterRow[]): string {
  const cell = (value: string | number) => {
    let text = String(value);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [
    REGISTER_COLUMNS.join(','),
    ...rows.map((row) => REGISTER_COLUMNS.map((c) => cell(row[c])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/** The notification to IMY, field by field as its breach form asks (Art. 33(3)). */
export interface AuthorityNotice {
  incidentId: string;
  preparedAt: string;
  notificationType: 'complete' | 'preliminary' | 'supplementary';
  controller: { name: string; contactEmail: string; dpoEmail?: string };
  awareAt: string;
  authorityDeadline: string;
  late: boolean;
  reasonsForDelay?: string;
  natureOfBreach: string;
  dataCategories: string[];
  subjectCategories: string[];
  approxSubjects?: number;
  approxRecords?: number;
  likelyConsequences: string;
  measuresTaken: string;
  measuresProposed: string;
  risk?: string;
  riskReasoning?: string;
  subjectsInformed: { informed: boolean; count: number; explanation: string };
  earlierFilings: { phase: string; filedAt: string; channel: string; reference?: string }[];
}

export function authorityNotice(incident: Incident, map: DataMap, now: Date): AuthorityNotice {
  const filed = incident.filings.length > 0;
  const late = !filed && now.getTime() > Date.parse(incident.authorityDeadline);
  const incomplete = !incident.facts.description || !incident.facts.consequences || !incident.assessment;
  const risk = incident.assessment?.risk;
  const firstLate = incident.filings[0]?.lateReason;
  return {
    incidentId: incident.incidentId,
    preparedAt: now.toISOString(),
    notificationType: filed ? 'supplementary' : incomplete ? 'preliminary' : 'complete',
    controller: {
      name: map.controller.name,
      contactEmail: map.controller.email,
      ...(map.controller.dpoEmail ? { dpoEmail: map.controller.dpoEmail } : {}),
    },
    awareAt: incident.awareAt,
    authorityDeadline: incident.authorityDeadline,
    late: late || firstLate !== undefined,
    ...(firstLate ? { reasonsForDelay: firstLate } : {}),
    natureOfBreach: incident.facts.description ?? '',
    dataCategories: incident.facts.dataCategories,
    subjectCategories: incident.facts.subjectCategories,
    ...(incident.facts.approxSubjects !== undefined ? { approxSubjects: incident.facts.approxSubjects } : {}),
    ...(incident.facts.approxRecords !== undefined ? { approxRecords: incident.facts.approxRecords } : {}),
    likelyConsequences: incident.facts.consequences ?? '',
    measuresTaken: incident.facts.measuresTaken ?? '',
    measuresProposed: incident.facts.measuresProposed ?? '',
    ...(risk ? { risk, riskReasoning: incident.assessment?.reasoning ?? '' } : {}),
    subjectsInformed: {
      informed: incident.subjectsNotified > 0,
      count: incident.subjectsNotified,
      explanation:
        incident.subjectsNotified > 0
          ? 'The people affected were told directly by e-mail, each in their language (Art. 34).'
          : risk === 'high_risk'
            ? 'Notices are being prepared (Art. 34).'
            : 'Not informed: the breach is not assessed as likely to result in a high risk (Art. 34(1)).',
    },
    earlierFilings: incident.filings.map((f) => ({
      phase: f.phase,
      filedAt: f.filedAt,
      channel: f.channel,
      ...(f.reference ? { reference: f.reference } : {}),
    })),
  };
}

const LABELS: readonly [keyof AuthorityNotice, string][] = [
  ['incidentId', 'Our reference'],
  ['notificationType', 'Type of notification'],
  ['awareAt', 'When we became aware'],
  ['authorityDeadline', '72 hours after awareness'],
  ['reasonsForDelay', 'Reasons for the delay'],
  ['natureOfBreach', 'Nature of the breach'],
  ['dataCategories', 'Categories of personal data'],
  ['subjectCategories', 'Categories of data subjects'],
  ['approxSubjects', 'Approximate number of data subjects'],
  ['approxRecords', 'Approximate number of records'],
  ['likelyConsequences', 'Likely consequences'],
  ['measuresTaken', 'Measures taken'],
  ['measuresProposed', 'Measures proposed'],
  ['risk', 'Risk to the data subjects'],
  ['riskReasoning', 'Reasoning'],
];

/** A printable page of the notice: every value escaped, no script. */
export function authorityNoticeHtml(notice: AuthorityNotice): string {
  const text = (value: unknown) =>
    Array.isArray(value) ? value.join(', ') : value === undefined || value === '' ? '–' : String(value);
  const rows = LABELS.filter(([key]) => key !== 'reasonsForDelay' || notice.late)
    .map(([key, label]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(text(notice[key]))}</td></tr>`)
    .join('\n');
  const filings = notice.earlierFilings
    .map(
      (f) =>
        `<li>${escapeHtml(`${f.phase} ${f.filedAt} (${f.channel})${f.reference ? ` ${f.reference}` : ''}`)}</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`Personal data breach notification ${notice.incidentId}`)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto}th{text-align:left;vertical-align:top;padding-right:1rem;width:16rem}td,th{border-bottom:1px solid #ddd;padding:.4rem 0}</style>
</head><body>
<h1>Personal data breach notification (GDPR Art. 33)</h1>
<p>To: Integritetsskyddsmyndigheten (IMY). Controller: ${escapeHtml(notice.controller.name)}, ${escapeHtml(notice.controller.contactEmail)}${notice.controller.dpoEmail ? `, data protection officer ${escapeHtml(notice.controller.dpoEmail)}` : ''}.</p>
<table>
${rows}
<tr><th>Data subjects informed</th><td>${escapeHtml(`${notice.subjectsInformed.informed ? 'Yes' : 'No'} (${notice.subjectsInformed.count}). ${notice.subjectsInformed.explanation}`)}</td></tr>
</table>
${filings ? `<h2>Earlier notifications</h2><ul>${filings}</ul>` : ''}
<p>Prepared ${escapeHtml(notice.preparedAt)}.</p>
</body></html>
`;
}
