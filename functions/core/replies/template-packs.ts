import type { CalendarDate } from '../calendar/calendar-date';
import type { DueSoonEntry, OverdueEntry, WaitingEntry } from '../calendar/deadline-digest';
import type { BreachClockEntry } from '../incidents/incident-clock';
import type { FoldedAlertGroup } from '../intake/folded-alerts';
import type { ReplyLanguage, RequestType } from '../request/request';

/**
 * What a reply text is: the template names, the variables they may use, the blocks a body is
 * made of, and the language packs the deployment writes (`config/templates/`). The renderer is
 * `templates.ts`.
 */

export const TEMPLATE_NAMES = [
  'acknowledgement',
  'verification',
  'verification_reminder',
  'needs_more_info',
  'pause_reminder',
  'extension',
  'rejection',
  'cancellation',
  'triage_acknowledgement',
  'mandate_notice',
  'completion_access',
  'completion_erasure',
  'completion_rectification',
  'completion_objection',
  'completion_restriction',
  'completion_no_data',
  'recipient_notice',
  'recipients_notified',
  'staff_deadline_digest',
  'staff_alert',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** Mails for the privacy staff: no personal data, no reply footer. */
export const STAFF_TEMPLATES: ReadonlySet<TemplateName> = new Set(['staff_deadline_digest', 'staff_alert']);

export const REJECTION_REASONS = [
  'unverified',
  'manifestly_unfounded',
  'excessive',
  'not_a_request',
  'duplicate',
  'third_party_unauthorised',
  'erasure_exemption',
  'data_accurate',
  'compelling_grounds',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const ALERT_KINDS = ['failure', 'virus', 'security', 'task_timeout'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Data kept after erasure because a law requires it. */
export interface RetainedItem {
  /** What is kept, e.g. "Fakturor och betalningar". */
  description: string;
  /** The legal hold, e.g. "bokföringslagen (7 kap. 2 §)". */
  legalBasis: string;
  until: CalendarDate;
}

/** Every variable any template may use; each template needs only some (see the error it throws). */
export interface TemplateVars {
  requestId?: string;
  /** The mailbox the subject can write to, e.g. gdpr@example.com. Optional: replying always works. */
  contactAddress?: string;
  organisationName?: string;
  types?: readonly RequestType[];
  dueDate?: CalendarDate;
  /** The due date before an extension. */
  previousDueDate?: CalendarDate;
  verificationUrl?: string;
  downloadUrl?: string;
  /** When the verification or download link stops working: an ISO instant. */
  linkExpiresAt?: string;
  /** Staff's question to the subject (free text). */
  question?: string;
  /** Staff's reason for an extension (free text). */
  extensionReason?: string;
  rejectionReason?: RejectionReason;
  /** Staff's optional explanation quoted in a rejection or cancellation notice (free text). */
  rejectionDetail?: string;
  /** The request a duplicate belongs to. */
  originalRequestId?: string;
  /** Systems the access package was collected from. */
  dataSources?: readonly string[];
  erasedItems?: readonly string[];
  anonymisedItems?: readonly string[];
  retainedItems?: readonly RetainedItem[];
  /** The day the last backup holding erased data expires. */
  backupExpiryDate?: CalendarDate;
  correctedItems?: readonly string[];
  /** Purposes for which processing stopped (objection, consent withdrawal). */
  purposes?: readonly string[];
  /** The request's objection to direct marketing was honoured on receipt, whatever became of the rest. */
  marketingStopped?: boolean;
  /** Art. 21(1): purposes whose processing continues after an objection, with staff's grounds. */
  objectionContinued?: readonly { purpose: string; grounds: string }[];
  /** Systems in which processing is restricted, or (Art. 19 notice) whose data a change concerns. */
  systems?: readonly string[];
  /** Art. 19 notice to a recipient: the address of the person whose data changed. */
  subjectAddress?: string;
  /** Art. 19: the recipients told of the change, for the subject. */
  recipients?: readonly string[];
  today?: CalendarDate;
  dueSoon?: readonly DueSoonEntry[];
  overdue?: readonly OverdueEntry[];
  waiting?: readonly WaitingEntry[];
  /** Staff alerts folded since the last digest, one group per kind. */
  foldedAlerts?: readonly FoldedAlertGroup[];
  /** Open personal data breaches whose 72-hour clock runs (incident-clock.ts). */
  breaches?: readonly BreachClockEntry[];
  /** When the clock was paused by our question: a calendar date. */
  pausedSinceDate?: CalendarDate;
  consoleUrl?: string;
  alertKind?: AlertKind;
  /** A reason code or short technical text: never personal data. */
  alertReason?: string;
  /** The workflow step that failed. */
  step?: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** Names of variables that hold a list; list blocks iterate over these. */
export type ListVariable = {
  [K in keyof TemplateVars]-?: NonNullable<TemplateVars[K]> extends readonly unknown[] ? K : never;
}[keyof TemplateVars];

/** A paragraph (string, `\n` for a line break), or a structural block. */
export type Block =
  | string
  | { readonly heading: string }
  /** Free text from staff, set off from our own words. */
  | { readonly quote: keyof TemplateVars }
  /** Fixed bullet points written in the pack. */
  | { readonly bullets: readonly string[] }
  /** One bullet per list element; `item` is a template over the element's fields (default: the element). */
  | { readonly list: ListVariable; readonly item?: string }
  | {
      readonly when: keyof TemplateVars;
      readonly show: readonly Block[];
      readonly otherwise?: readonly Block[];
    }
  /** The explanation of `rejectionReason`: one per reason, in the template that refuses. */
  | { readonly rejectionReasonText: Readonly<Record<RejectionReason, readonly Block[]>> };

export interface TemplateDefinition {
  readonly subject: string;
  readonly body: readonly Block[];
}

/** Some of a language's templates. */
export type TemplateGroup<N extends TemplateName> = Readonly<Record<N, TemplateDefinition>>;

/** Everything of a language pack but its templates: what every mail in that language uses. */
export interface LanguageBasics {
  readonly language: ReplyLanguage;
  /** BCP 47 tag for the html `lang` attribute. */
  readonly htmlLang: string;
  /** BCP 47 locale for `Intl`: dates ("25 december 2026"), lists ("a, b och c"), plural forms. */
  readonly locale: string;
  /** `{date}`, `{hour}`, `{minute}` (Stockholm time). */
  readonly dateTimeFormat: string;
  /** The day unit by plural category (`Intl.PluralRules`): "1 dag", "3 dagar". */
  readonly dayUnit: { readonly one: string; readonly other: string };
  readonly typeNames: Readonly<Record<RequestType, string>>;
  readonly alertKinds: Readonly<Record<AlertKind, string>>;
  /** Closing lines of every mail to a subject. */
  readonly signature: readonly Block[];
  /** The request id and how to reply, under every mail to a subject. */
  readonly replyFooter: readonly Block[];
}

/**
 * A language's texts for the templates `N` (by default all). A handler that sends one kind of mail
 * takes packs of only those templates, so its bundle does not carry every reply text.
 */
export interface LanguagePack<N extends TemplateName = TemplateName> extends LanguageBasics {
  readonly templates: TemplateGroup<N>;
}

/**
 * A language's pack from its basics and its templates, given in groups. Called with a pure
 * annotation, it lets a bundle that uses none of them drop them all; the merge is in here
 * because an object spread at the call would count as a side effect.
 */
export function languagePack<
  A extends TemplateName,
  B extends TemplateName = never,
  C extends TemplateName = never,
>(
  basics: LanguageBasics,
  templates: TemplateGroup<A>,
  moreTemplates?: TemplateGroup<B>,
  evenMoreTemplates?: TemplateGroup<C>,
): LanguagePack<A | B | C> {
  const merged = { ...templates, ...moreTemplates, ...evenMoreTemplates } as TemplateGroup<A | B | C>;
  return { ...basics, templates: merged };
}

/** The packs of every reply language: the port the renderer reads its texts from. */
export type TemplatePacks<N extends TemplateName = TemplateName> = Readonly<
  Record<ReplyLanguage, LanguagePack<N>>
>;
