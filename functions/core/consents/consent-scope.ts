import type { DataMap } from '../datamap';
import { extractNewText } from '../intake/classify/classify-new-text';
import { foldText } from '../intake/classify/classify-normalise';
import type { DsrRequest, RequestType } from '../request/request';
import { CONSENT_PURPOSES, type ConsentPurpose, DIRECT_MARKETING_PURPOSES } from './consents';

/**
 * What an objection or a consent withdrawal is about, read from the requester's own words at intake.
 *
 * - An objection to direct marketing (Art. 21(2)) is absolute: it is honoured on receipt, with no
 *   identity check (stopping marketing discloses nothing) and no review.
 * - An objection to anything else on legitimate interests (Art. 21(1)) is weighed by staff against
 *   compelling legitimate grounds, purpose by purpose.
 * - A withdrawal (Art. 7(3)) withdraws the consents named, not every consent in force; when the
 *   words name none, staff choose (unless only one consent is in force).
 *
 * Where the words are silent, an objection is read as both: marketing stops at once (never wrong
 * for someone who objects to processing) and staff weigh the rest.
 */
export interface ConsentScope {
  /** Direct-marketing purposes objected to. */
  marketing: ConsentPurpose[];
  /** The objection also concerns processing on legitimate interests other than direct marketing. */
  general: boolean;
  /** Consents withdrawn by name; empty when the words name none. */
  withdraw: ConsentPurpose[];
}

/** Words that name each ledger purpose (folded text: lower case, no diacritics). */
const PURPOSE_WORDS: Record<ConsentPurpose, RegExp> = {
  newsletter: /\b(newsletters?|nyhetsbrev\w*|nyhedsbrev\w*|e-?postutskick\w*|utskick\w*)\b/,
  event_invitations:
    /\b(invitations?|invites?|inbjudn\w*|inbjudan|invitasjon\w*|invitation\w*|events?|evenemang\w*|arrangement\w*|seminar\w*|kurs(er|inbjudningar)?)\b/,
  crm_contact_storage: /\b(crm|kontaktuppgift\w*|kontaktopplysning\w*|kontaktoplysning\w*|contact details)\b/,
  candidate_data_retention:
    /\b(cv|cv:n|cv-en|resume|ansok\w*|application|candidate\w*|kandidat\w*|rekryter\w*|rekrutter\w*|recruitment|soknad\w*|jobbsoknad\w*)\b/,
};

/** Direct marketing in general, or asking to be taken off a mailing. */
const MARKETING_WORDS =
  /\b(direct marketing|marketing|marknadsfor\w*|markedsfor\w*|reklam\w*|direktreklam|unsubscribe\w*|avregistrer\w*|avprenumerer\w*|avmeld\w*|meld\w* (meg )?av|afmeld\w*|frameld\w*|opt(ing)?[- ]?out|stop (sending|emailing|e-mailing)|sluta (att )?skicka|slutt\w* a sende|stop (med )?at sende|mailings?|mailing list|e-?postlist\w*|maillist\w*|sandlist\w*|promotional|offers|erbjudanden|tilbud|werbung)\b/;

/** Processing other than marketing that a subject may object to on their particular situation. */
const GENERAL_WORDS =
  /\b(profil\w*|analy\w*|statisti\w*|track\w*|sparning|sporing\w*|logg\w*|logs?|cookies?|kakor|overvak\w*|monitor\w*|berattigat? intresse\w*|legitimate interests?|berettiget? interesse\w*|berettigede interesser|art(ikel|icle|\.)? ?21 ?\(?1\)?)\b/;

function purposesNamed(folded: string): ConsentPurpose[] {
  return CONSENT_PURPOSES.filter((purpose) => PURPOSE_WORDS[purpose].test(folded));
}

/** The scope of an objection or withdrawal in a text (a mail's subject and new text, or the form's text). */
export function consentScopeOf(types: readonly RequestType[], text: string): ConsentScope | undefined {
  const objects = types.includes('objection');
  const withdraws = types.includes('withdraw_consent');
  if (!objects && !withdraws) return undefined;
  const folded = foldText(text);
  const named = purposesNamed(folded);
  const namedMarketing = named.filter((p) => DIRECT_MARKETING_PURPOSES.includes(p));
  const scope: ConsentScope = { marketing: [], general: false, withdraw: [] };
  if (objects) {
    const marketingWords = MARKETING_WORDS.test(folded);
    const generalWords = GENERAL_WORDS.test(folded);
    // "Unsubscribe me" names no list: every marketing purpose. "No more invitations" names one.
    if (namedMarketing.length > 0) scope.marketing = namedMarketing;
    else if (marketingWords || !generalWords) scope.marketing = [...DIRECT_MARKETING_PURPOSES];
    scope.general = generalWords || !(marketingWords || namedMarketing.length > 0);
  }
  if (withdraws) scope.withdraw = named;
  return scope;
}

/** The scope of a mail's objection or withdrawal: its subject and the text it adds (quotes left out). */
export function consentScopeOfMail(
  types: readonly RequestType[],
  mail: { subject?: string; text: string } | undefined,
): ConsentScope | undefined {
  if (!mail) return undefined;
  return consentScopeOf(types, `${mail.subject ?? ''}\n${extractNewText(mail.text)}`);
}

/**
 * The scope the workflow acts on. A request staff created or reclassified may carry no scope, or a
 * scope from types it no longer has: an objection then stops marketing (as before scoping) and a
 * withdrawal names nothing, so staff choose.
 */
export function effectiveScope(request: Pick<DsrRequest, 'types' | 'consentScope'>): ConsentScope {
  const stored = request.consentScope;
  const objects = request.types.includes('objection');
  const withdraws = request.types.includes('withdraw_consent');
  return {
    marketing: objects ? (stored?.marketing ?? [...DIRECT_MARKETING_PURPOSES]) : [],
    general: objects ? (stored?.general ?? false) : false,
    withdraw: withdraws ? (stored?.withdraw ?? []) : [],
  };
}

/** The marketing purposes the data map processes: only these are recorded and suppressed. */
export function marketingPurposesIn(dataMap: DataMap, purposes: readonly ConsentPurpose[]): ConsentPurpose[] {
  const mapped = new Set(dataMap.stores.flatMap((s) => (s.consentPurposes ?? []).map((p) => p.id)));
  return purposes.filter((p) => mapped.has(p) && DIRECT_MARKETING_PURPOSES.includes(p));
}

/** Whether a request is nothing but an objection to direct marketing: done once marketing stopped. */
export function onlyMarketingObjection(request: Pick<DsrRequest, 'types' | 'consentScope'>): boolean {
  const scope = effectiveScope(request);
  return (
    request.types.length > 0 &&
    request.types.every((t) => t === 'objection') &&
    scope.marketing.length > 0 &&
    !scope.general
  );
}
