import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { addDaysToInstant } from '../calendar/calendar-date';
import { dueDateFor } from '../calendar/deadlines';
import type { CompanyDaysOff } from '../calendar/swedish-calendar';
import { consentScopeOf } from '../consents/consent-scope';
import { openReportedIncident, type ReportedIncidentDeps } from '../incidents/incident-intake';
import type { Clock, RateLimiter, RequestStore, WorkflowStarter } from '../ports';
import { type SendReplyDeps, sendReply } from '../replies/send-reply';
import { type DsrRequest, REQUEST_TYPES, type ReplyLanguage, type RequestType } from '../request/request';
import { newRequestId } from '../request/request-id';
import { ipKeyOf } from '../request/source-key';
import { normaliseEmail, subjectKeyOf } from '../request/subject-key';
import { withinAcknowledgementCap } from './auto-reply-limits';
import { classifyText } from './classify/classify-mail';
import {
  FORM_ERROR_CODES,
  type FormDetails,
  type FormErrorCode,
  type FormField,
  RELATIONSHIPS,
} from './form-fields';

/**
 * Web-form intake: validates a submission, applies the honeypot and rate limits,
 * deduplicates by content, and stores a request that flows on exactly like a mailed one.
 * Pure: the table, the workflow and the clock come in as ports.
 */

/** The hidden field only robots fill in. */
export const HONEYPOT_FIELD = 'website';

export interface FormLimits {
  /** Posts naming one address from one source per window. */
  perAddress: number;
  perIp: number;
  windowSeconds: number;
}

export const DEFAULT_FORM_LIMITS: FormLimits = { perAddress: 3, perIp: 20, windowSeconds: 3600 };
/** The same submission again within this time is the same request (a double click, a reload). */
export const DUPLICATE_WINDOW_DAYS = 1;

export interface FormDeps
  extends Pick<SendReplyDeps<'triage_acknowledgement'>, 'mailer' | 'mailbox' | 'templates'> {
  requests: RequestStore;
  workflow: WorkflowStarter;
  rateLimiter: RateLimiter;
  clock: Clock;
  subjectKeySecret: string;
  limits: FormLimits;
  /** The company's own days off, beyond the public holidays every deadline already skips. */
  daysOff?: CompanyDaysOff;
  /** A submission reporting a breach opens an incident (incident-intake.ts). */
  incidents?: Pick<ReportedIncidentDeps, 'incidents'>;
}

export interface FormSubmission {
  /** The fields as posted: strings, or arrays of strings for repeated fields. */
  fields: Record<string, unknown>;
  language: ReplyLanguage;
  /** The caller's IP address; only its keyed hash is stored. */
  sourceIp: string;
}

export interface ValidForm {
  email: string;
  name?: string;
  types: RequestType[];
  text?: string;
  relationship: FormDetails['relationship'];
}

export type FormOutcome =
  | { kind: 'accepted'; requestId: string; duplicate: boolean; status: 'received' | 'triage' }
  | { kind: 'honeypot'; requestId: string }
  | { kind: 'invalid'; errors: Partial<Record<FormField, FormErrorCode>>; values: FormValues }
  | { kind: 'rate_limited'; scope: 'address' | 'ip' };

const code = (c: FormErrorCode) => ({ error: c });
const schema = z.object({
  email: z
    .string()
    .check(
      z.minLength(1, code('required')),
      z.maxLength(254, code('too_long')),
      z.email(code('invalid_email')),
    ),
  name: z.optional(z.string().check(z.maxLength(200, code('too_long')))),
  types: z.array(z.enum(REQUEST_TYPES, code('invalid_choice'))),
  text: z.optional(z.string().check(z.maxLength(5000, code('too_long')))),
  relationship: z.enum(RELATIONSHIPS, code('invalid_choice')),
});

const str = (value: unknown): string | undefined => {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : undefined;
};
const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );

export interface FormValues {
  email: string;
  name: string;
  types: string[];
  text: string;
  relationship: string;
}

/** What the person typed, trimmed, for showing the form again. */
export function formValues(fields: Record<string, unknown>): FormValues {
  return {
    email: str(fields.email) ?? '',
    name: str(fields.name) ?? '',
    types: list(fields.types),
    text: str(fields.text) ?? '',
    relationship: str(fields.relationship) ?? '',
  };
}

/** Validates a submission; each invalid field gets one error code (the page words it). */
export function validateForm(
  fields: Record<string, unknown>,
): { ok: true; value: ValidForm } | { ok: false; errors: Partial<Record<FormField, FormErrorCode>> } {
  const values = formValues(fields);
  const input = {
    email: values.email,
    ...(values.name ? { name: values.name } : {}),
    types: values.types,
    ...(values.text ? { text: values.text } : {}),
    relationship: values.relationship === '' ? undefined : values.relationship,
  };
  const result = z.safeParse(schema, input);
  const errors: Partial<Record<FormField, FormErrorCode>> = {};
  for (const issue of result.success ? [] : result.error.issues) {
    const field = issue.path[0] as FormField;
    if (errors[field]) continue;
    const known = (FORM_ERROR_CODES as readonly string[]).includes(issue.message);
    errors[field] = known
      ? (issue.message as FormErrorCode)
      : issue.code === 'invalid_type'
        ? 'required'
        : 'invalid_choice';
  }
  if (values.types.length === 0 && !values.text && !errors.types) errors.types = 'types_or_text';
  if (values.relationship === '') errors.relationship = 'required';
  if (Object.keys(errors).length > 0 || !result.success) return { ok: false, errors };
  const { data } = result;
  return { ok: true, value: { ...data, email: normaliseEmail(data.email), types: [...new Set(data.types)] } };
}

/** Whitespace and case do not make a submission new. */
export function normaliseFormText(text: string | undefined): string {
  return (text ?? '').normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The content a duplicate shares: the subject, the types and the text. */
export function contentKeyOf(
  subjectKey: string,
  types: readonly RequestType[],
  text: string | undefined,
): string {
  return createHash('sha256')
    .update([subjectKey, [...types].sort().join(','), normaliseFormText(text)].join('\n'))
    .digest('hex');
}

/** The request types, from the ticked boxes or else from the text; or why staff must look first. */
function typesOrTriage(form: ValidForm): { types: RequestType[]; triage?: string; language?: string } {
  if (form.types.length > 0) return { types: form.types };
  const classification = classifyText({ text: form.text ?? '', senderEmail: form.email });
  if (classification.category === 'request' && classification.types.length > 0)
    return { types: classification.types };
  const triage =
    classification.category === 'security'
      ? 'security_report'
      : classification.category === 'question'
        ? 'question'
        : 'unclear';
  return { types: classification.types, triage };
}

export async function submitForm(submission: FormSubmission, deps: FormDeps): Promise<FormOutcome> {
  const now = deps.clock.now();
  // Robots fill every field: they get the answer a person would, and nothing is stored.
  if (str(submission.fields[HONEYPOT_FIELD])) return { kind: 'honeypot', requestId: newRequestId(now) };

  const validated = validateForm(submission.fields);
  if (!validated.ok)
    return { kind: 'invalid', errors: validated.errors, values: formValues(submission.fields) };
  const form = validated.value;

  const { limits } = deps;
  const ipKey = ipKeyOf(submission.sourceIp, deps.subjectKeySecret);
  if (!(await deps.rateLimiter.hit(`form-ip#${ipKey}`, limits.perIp, limits.windowSeconds, now))) {
    return { kind: 'rate_limited', scope: 'ip' };
  }
  const subjectKey = subjectKeyOf(form.email, deps.subjectKeySecret);
  // Per address and source: a stranger naming someone must not block that person's own posts.
  const addressFromSource = `form-address#${subjectKey}#${ipKey}`;
  if (!(await deps.rateLimiter.hit(addressFromSource, limits.perAddress, limits.windowSeconds, now))) {
    return { kind: 'rate_limited', scope: 'address' };
  }

  const requestId = newRequestId(now);
  const contentKey = contentKeyOf(subjectKey, form.types, form.text);
  const claimedBy = await deps.requests.claimContent(
    contentKey,
    requestId,
    now,
    addDaysToInstant(now, DUPLICATE_WINDOW_DAYS),
  );
  if (claimedBy) {
    const existing = await deps.requests.getRequest(claimedBy);
    // A claim without its request means an earlier attempt stopped half-way: finish it below.
    if (existing) {
      if (existing.status === 'received') await deps.workflow.start(existing.id, { requestId: existing.id });
      if (existing.status === 'triage') await acknowledgeTriage(existing, deps);
      return {
        kind: 'accepted',
        requestId: existing.id,
        duplicate: true,
        status: existing.status === 'triage' ? 'triage' : 'received',
      };
    }
  }
  const id = claimedBy ?? requestId;

  const { types, triage } = typesOrTriage(form);
  const receivedAt = now.toISOString();
  const consentScope = consentScopeOf(types, form.text ?? '');
  const request: DsrRequest & { form: FormDetails } = {
    id,
    status: triage ? 'triage' : 'received',
    ...(triage ? { statusReason: triage } : {}),
    channel: 'form',
    types,
    language: submission.language,
    subjectEmail: form.email,
    subjectKey,
    receivedAt,
    dueAt: dueDateFor(receivedAt, deps.daysOff),
    ...(consentScope ? { consentScope } : {}),
    form: {
      relationship: form.relationship,
      ...(form.name ? { name: form.name } : {}),
      ...(form.text ? { text: form.text } : {}),
    },
    version: 1,
  };
  await deps.requests.putRequest(request, {
    at: receivedAt,
    actor: 'system:intake',
    action: 'request_received',
    toStatus: request.status,
    detail: {
      channel: 'form',
      relationship: form.relationship,
      typesTicked: form.types.length > 0,
      ...(triage ? { reason: triage } : {}),
    },
  });
  if (triage) await acknowledgeTriage(request, deps);
  else await deps.workflow.start(id, { requestId: id });
  if (triage === 'security_report' && deps.incidents)
    await openReportedIncident(request, false, { ...deps, ...deps.incidents });
  return { kind: 'accepted', requestId: id, duplicate: false, status: triage ? 'triage' : 'received' };
}

/**
 * A submission staff must read first gets the mail the form's answer promises: its reference and
 * that a person will answer. Once per request; at most two a day to one address, as for mail, so the
 * form cannot be used to flood someone's inbox.
 */
async function acknowledgeTriage(request: DsrRequest, deps: FormDeps): Promise<void> {
  if (!(await withinAcknowledgementCap(request.subjectKey, deps))) return;
  await sendReply({ requestId: request.id, template: 'triage_acknowledgement' }, deps);
}
