import type { DataMap } from '../datamap';
import { ValidationError } from '../errors';
import type { ReplyLanguage } from '../request/request';
import { CONSENT_PURPOSES, type ConsentPurpose } from './consents';

/**
 * Staff's decisions on what the workflow cannot decide alone (update-consents.ts): which consents a
 * withdrawal that named none withdraws (Art. 7(3)), and, for an objection to processing on
 * legitimate interests (Art. 21(1)), per purpose objected to whether processing stops or continues
 * because compelling legitimate grounds override, or for legal claims, with those grounds.
 */
export interface ObjectionDecision {
  /** A data map purpose open to objection (`objectablePurposes`). */
  purposeId: string;
  decision: 'stop' | 'continue';
  /** Required when processing continues: the compelling legitimate grounds, quoted in the answer. */
  grounds?: string;
}

export interface ConsentDecisions {
  withdraw: ConsentPurpose[];
  objections: ObjectionDecision[];
}

/** What the consent task offers staff to choose from (ids and our own descriptions, no personal data). */
export interface ConsentChoices {
  /** Consents in force, when a withdrawal named none. */
  withdraw: ConsentPurpose[];
  /** Purposes open to an Art. 21(1) objection, when the request objects to processing on legitimate interests. */
  objectTo: { id: string; label: string }[];
}

export interface ObjectablePurpose {
  id: string;
  storeId: string;
  description: Record<ReplyLanguage, string>;
}

const OBJECTABLE_BASES = ['legitimate_interests', 'public_task'];

/** Purposes resting on legitimate interests or a public task: Art. 21(1) lets the subject object. */
export function objectablePurposes(dataMap: DataMap): ObjectablePurpose[] {
  const found = new Map<string, ObjectablePurpose>();
  for (const store of dataMap.stores) {
    for (const purpose of store.purposes) {
      const basis =
        purpose.lawfulBasis ?? (store.lawfulBasis.length === 1 ? store.lawfulBasis[0] : undefined);
      if (basis && OBJECTABLE_BASES.includes(basis) && !found.has(purpose.id)) {
        found.set(purpose.id, { id: purpose.id, storeId: store.id, description: purpose.description });
      }
    }
  }
  return [...found.values()];
}

const MAX_GROUNDS = 2000;
const PURPOSE_ID = /^[a-z][a-z0-9-]*$/;

function invalid(field: string, message: string): never {
  throw new ValidationError(`${field} ${message}`, { [field]: message });
}

/** Validates staff's decisions as the consent task's output. */
export function parseConsentDecisions(output: Record<string, unknown>): ConsentDecisions {
  const withdraw = output.withdraw ?? [];
  if (
    !Array.isArray(withdraw) ||
    withdraw.some((p) => !(CONSENT_PURPOSES as readonly unknown[]).includes(p))
  ) {
    invalid('withdraw', `must list consent purposes: ${CONSENT_PURPOSES.join(', ')}`);
  }
  const objections = output.objections ?? [];
  if (!Array.isArray(objections) || objections.length > 50) invalid('objections', 'must be a list');
  const decisions: ObjectionDecision[] = [];
  for (const entry of objections as unknown[]) {
    const { purposeId, decision, grounds } = (entry ?? {}) as Record<string, unknown>;
    if (typeof purposeId !== 'string' || !PURPOSE_ID.test(purposeId))
      invalid('objections', 'each needs a purposeId from the data map');
    if (decision !== 'stop' && decision !== 'continue')
      invalid('objections', 'each decision must be stop or continue');
    const text = typeof grounds === 'string' ? grounds.trim().slice(0, MAX_GROUNDS) : '';
    if (decision === 'continue' && !text)
      invalid('objections', 'continuing needs the compelling legitimate grounds (Art. 21(1))');
    decisions.push({ purposeId, decision, ...(text ? { grounds: text } : {}) });
  }
  return { withdraw: [...new Set(withdraw as ConsentPurpose[])], objections: decisions };
}

/** The decisions in the subject's language: purposes stopped, and those continued with their grounds. */
export function describeObjections(
  dataMap: DataMap,
  decisions: readonly ObjectionDecision[],
  language: ReplyLanguage,
): { stopped: string[]; continued: { purpose: string; grounds: string }[] } {
  const purposes = new Map(objectablePurposes(dataMap).map((p) => [p.id, p.description[language]]));
  const words = (id: string) => purposes.get(id) ?? id;
  return {
    stopped: decisions.filter((d) => d.decision === 'stop').map((d) => words(d.purposeId)),
    continued: decisions
      .filter((d) => d.decision === 'continue')
      .map((d) => ({ purpose: words(d.purposeId), grounds: d.grounds ?? '' })),
  };
}
