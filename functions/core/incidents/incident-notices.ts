import { createHash } from 'node:crypto';
import type { DataMap } from '../datamap';
import { ConflictError, MailNotSentError, ValidationError } from '../errors';
import { escapeHtml } from '../escape-html';
import type { Mailbox } from '../intake/mailbox';
import type { Mailer, OutgoingMail } from '../ports';
import { subjectKeyOf } from '../request/subject-key';
import {
  type AffectedSubject,
  type Incident,
  type IncidentDeps,
  type NoticeText,
  type NoticeTexts,
  requireIncident,
} from './incidents';

/**
 * Telling the people affected (Art. 34): when the risk is high, one notice per person in their
 * language, after staff approved the text and the list; sent once per person, whatever the
 * retries, with an audit event each.
 */

type Language = 'sv' | 'nb' | 'en';

/**
 * Mails of the breach desk, per language: the notice to a person affected by a breach (Art. 34(2):
 * the nature of the breach, a contact point, the likely consequences, the measures) and the
 * acknowledgement to whoever reported one. `{name}` is replaced with a value; staff write the
 * nature, consequences and measures of each incident themselves.
 */
export interface IncidentTextPack {
  noticeSubject: string;
  noticeBody: readonly string[];
  acknowledgementSubject: string;
  acknowledgementBody: readonly string[];
  signature: string;
  /** Under the acknowledgement: the team, as every reply of the mailbox signs. */
  teamSignature: string;
}

/** One pack per reply language: the port the breach desk's mails are written from (`config/templates/`). */
export type IncidentTextPacks = Readonly<Record<Language, IncidentTextPack>>;

export interface NoticeDeps extends IncidentDeps {
  dataMap: DataMap;
  mailer: Mailer;
  mailbox: Mailbox;
  subjectKeySecret: string;
  incidentTexts: IncidentTextPacks;
}

const fill = (text: string, vars: Readonly<Record<string, string>>) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);

function contactOf(controller: DataMap['controller']): string {
  return controller.dpoEmail ?? controller.email;
}

/** The data category labels of a person's exposed data, in their language, joined as a list. */
function categoriesIn(subject: AffectedSubject, map: DataMap, language: Language): string {
  const labels = new Map(map.stores.flatMap((s) => s.dataCategories.map((c) => [c.id, c.label[language]])));
  const names = [...new Set(subject.categories.map((id) => labels.get(id) ?? id))];
  return new Intl.ListFormat(language === 'nb' ? 'nb' : language, { type: 'conjunction' })
    .format(names)
    .toLowerCase();
}

function paragraphsToMail(
  to: string,
  subject: string,
  paragraphs: readonly string[],
  language: Language,
): OutgoingMail {
  const text = `${paragraphs.join('\n\n')}\n`;
  const html = `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${paragraphs
    .map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
    .join('')}</body></html>`;
  return { to, subject, text, html };
}

/** The notice one person gets. */
export function renderNotice(
  incident: Incident,
  subject: AffectedSubject,
  text: NoticeText,
  map: DataMap,
  packs: IncidentTextPacks,
): OutgoingMail {
  const pack = packs[subject.language];
  const vars = {
    controller: map.controller.name,
    contact: contactOf(map.controller),
    incidentId: incident.incidentId,
    nature: text.nature,
    consequences: text.consequences,
    measures: text.measures,
    categories: categoriesIn(subject, map, subject.language),
  };
  return paragraphsToMail(
    subject.email,
    pack.noticeSubject,
    [...pack.noticeBody.map((p) => fill(p, vars)), fill(pack.signature, vars)],
    subject.language,
  );
}

/** The acknowledgement to whoever reported a breach; `contact` is the privacy mailbox. */
export function renderAcknowledgement(
  incidentId: string,
  to: string,
  language: Language,
  contact: string,
  packs: IncidentTextPacks,
): OutgoingMail {
  const pack = packs[language];
  const vars = { contact, incidentId };
  return paragraphsToMail(
    to,
    fill(pack.acknowledgementSubject, vars),
    [...pack.acknowledgementBody.map((p) => fill(p, vars)), pack.teamSignature],
    language,
  );
}

/** Until staff write their own: the incident's facts, as written, in every language. */
function defaultText(incident: Incident): NoticeText {
  return {
    nature: incident.facts.description ?? '',
    consequences: incident.facts.consequences ?? '',
    measures: [incident.facts.measuresTaken, incident.facts.measuresProposed].filter(Boolean).join(' '),
  };
}

export interface NoticePreview {
  incidentId: string;
  languages: Language[];
  texts: Record<string, NoticeText>;
  subjects: { email: string; language: Language; categories: string[]; notifiedAt?: string }[];
  /** Pins exactly this text and list: approval names it, and sending checks it still holds. */
  digest: string;
  /** One rendered notice per language, as a person would read it. */
  samples: Record<string, { subject: string; text: string }>;
  approved: boolean;
}

function textsFor(incident: Incident, languages: readonly Language[], given: NoticeTexts | undefined) {
  const fallback = defaultText(incident);
  return Object.fromEntries(
    languages.map((l) => [l, given?.[l] ?? incident.notice?.texts[l] ?? fallback]),
  ) as Record<Language, NoticeText>;
}

function digestOf(texts: Record<string, NoticeText>, subjects: readonly AffectedSubject[]): string {
  const list = subjects.map((s) => [s.email, s.language, [...s.categories].sort()]);
  const ordered = Object.keys(texts)
    .sort()
    .map((l) => [l, texts[l]]);
  return createHash('sha256')
    .update(JSON.stringify([ordered, list]))
    .digest('hex')
    .slice(0, 16);
}

export async function noticePreview(
  incidentId: string,
  given: NoticeTexts | undefined,
  deps: NoticeDeps,
): Promise<NoticePreview> {
  const incident = await requireIncident(incidentId, deps);
  const subjects = await deps.incidents.listAffected(incidentId);
  const languages = (['sv', 'nb', 'en'] as const).filter((l) => subjects.some((s) => s.language === l));
  const texts = textsFor(incident, languages, given);
  const digest = digestOf(texts, subjects);
  const samples = Object.fromEntries(
    languages.flatMap((l) => {
      const person = subjects.find((s) => s.language === l);
      if (!person) return [];
      const mail = renderNotice(incident, person, texts[l], deps.dataMap, deps.incidentTexts);
      return [[l, { subject: mail.subject, text: mail.text }]];
    }),
  );
  return {
    incidentId,
    languages,
    texts,
    subjects: subjects.map((s) => ({
      email: s.email,
      language: s.language,
      categories: s.categories,
      ...(s.notifiedAt ? { notifiedAt: s.notifiedAt } : {}),
    })),
    digest,
    samples,
    approved: incident.notice?.digest === digest,
  };
}

/** Staff approve the text and the list they were shown, named by its digest. */
export async function approveNotice(
  incidentId: string,
  input: { digest: string; texts?: NoticeTexts },
  actor: string,
  deps: NoticeDeps,
): Promise<NoticePreview> {
  const incident = await requireIncident(incidentId, deps);
  if (incident.assessment?.risk !== 'high_risk')
    throw new ConflictError('people are told only when the risk is assessed as high (Art. 34(1))');
  const preview = await noticePreview(incidentId, input.texts, deps);
  if (preview.subjects.length === 0) throw new ConflictError('no people are listed as affected yet');
  if (preview.digest !== input.digest)
    throw new ConflictError('the text or the list changed since it was shown: review it again');
  for (const language of preview.languages) {
    const text = preview.texts[language];
    if (!text?.nature.trim() || !text.consequences.trim() || !text.measures.trim())
      throw new ValidationError(`the ${language} notice needs its nature, consequences and measures`, {
        [language]: 'incomplete',
      });
  }
  const at = deps.clock.now().toISOString();
  await deps.incidents.update(
    {
      ...incident,
      notice: {
        digest: preview.digest,
        texts: preview.texts,
        approvedAt: at,
        approvedBy: actor,
        subjects: preview.subjects.length,
      },
      version: incident.version + 1,
    },
    incident.version,
    {
      at,
      actor,
      action: 'subject_notice_approved',
      detail: { digest: preview.digest, subjects: preview.subjects.length, languages: preview.languages },
    },
  );
  return { ...preview, approved: true };
}

/** Sends the approved notice to every listed person not told yet. */
export async function notifySubjects(
  incidentId: string,
  actor: string,
  deps: NoticeDeps,
): Promise<{ sent: number; alreadyNotified: number; incident: Incident }> {
  const incident = await requireIncident(incidentId, deps);
  const approval = incident.notice;
  if (!approval) throw new ConflictError('the notice has not been approved yet');
  const subjects = await deps.incidents.listAffected(incidentId);
  const texts = textsFor(incident, [...new Set(subjects.map((s) => s.language))], approval.texts);
  if (digestOf(texts, subjects) !== approval.digest)
    throw new ConflictError('the list changed since the notice was approved: approve it again');
  let sent = 0;
  let alreadyNotified = 0;
  for (const subject of subjects) {
    const subjectKey = subjectKeyOf(subject.email, deps.subjectKeySecret);
    const onceKey = `notice#${subjectKey}`;
    if (!(await deps.incidents.claimOnce(incidentId, onceKey))) {
      alreadyNotified += 1;
      continue;
    }
    const mail = renderNotice(incident, subject, texts[subject.language], deps.dataMap, deps.incidentTexts);
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({
        ...mail,
        headers: { 'X-Privacy-Desk-Incident': incidentId, 'Auto-Submitted': 'auto-generated' },
      }));
    } catch (error) {
      // Not sent: the claim goes back so the next run sends it.
      if (error instanceof MailNotSentError) await deps.incidents.releaseOnce(incidentId, onceKey);
      throw error;
    }
    const at = deps.clock.now().toISOString();
    await deps.incidents.markNotified(incidentId, subject.email, at);
    await deps.incidents.appendEvent(incidentId, {
      at,
      actor,
      action: 'subject_notified',
      detail: { subjectKey, language: subject.language, sesMessageId: messageId },
    });
    sent += 1;
  }
  const fresh = await requireIncident(incidentId, deps);
  const next: Incident = {
    ...fresh,
    subjectsNotified: fresh.subjectsNotified + sent,
    version: fresh.version + 1,
  };
  await deps.incidents.update(next, fresh.version, {
    at: deps.clock.now().toISOString(),
    actor,
    action: 'subjects_notified',
    detail: { sent, alreadyNotified },
  });
  return { sent, alreadyNotified, incident: next };
}
