import { addMonths, type CalendarDate, isCalendarDate, toCalendarDate } from '../calendar/calendar-date';
import type { ConnectorType, DataMap, DatedRule, ErasurePolicy } from '../datamap';

/**
 * Erasure planning (ARCHITECTURE.md §1, erasure branch): what happens to each record found for a
 * subject, decided from the store's erasure policy, before staff approve and connectors act.
 * After erasure the stores are searched again and `verifyErasure` proves nothing is left that the
 * plan did not keep.
 */

export interface FoundRecord {
  recordId: string;
  fields: Record<string, unknown>;
  /** The record's date (`YYYY-MM-DD` or ISO date-time), from the store's `recordDateField`. */
  recordDate?: string;
}

export interface StoreFindings {
  storeId: string;
  records: FoundRecord[];
}

export interface LegalHoldRef {
  name: string;
  reference: string;
}

export type RecordErasure =
  | {
      recordId: string;
      action: 'delete';
      /** `legal_hold_expired`: the store retains records, but this one's period has ended. */
      reason: 'policy' | 'legal_hold_expired';
      /** With `legal_hold_expired`: the hold and the day its period ended. */
      legalHold?: LegalHoldRef & { ended: CalendarDate };
    }
  | { recordId: string; action: 'anonymise'; fields: string[] }
  | {
      recordId: string;
      action: 'retain';
      legalHold: LegalHoldRef;
      /** The last day the record must be kept; it is deleted after this day. */
      retainUntil: CalendarDate;
      /** Fields erased now although the record is kept; non-empty means partially retained. */
      anonymiseFields: string[];
      /** The record's other fields, which the hold keeps. */
      retainedFields: string[];
    }
  | {
      recordId: string;
      action: 'review';
      /** Staff must decide: the hold's end date cannot be computed without a valid record date. */
      reason: 'record_date_missing' | 'record_date_invalid';
      legalHold: LegalHoldRef;
    };

export type ErasureAction = RecordErasure['action'];

export interface StoreErasurePlan {
  storeId: string;
  storeName: string;
  connectorType: ConnectorType;
  /** Staff carry out this store's part by hand, following `instructions`. */
  instructions?: string;
  policy: ErasurePolicy['policy'];
  /** With `retain`: the hold, and the latest `retainUntil` among the records kept. */
  legalHold?: LegalHoldRef;
  retainUntil?: CalendarDate;
  records: RecordErasure[];
}

export interface PartialRetention {
  storeId: string;
  recordId: string;
  anonymiseFields: string[];
  retainedFields: string[];
  retainUntil: CalendarDate;
}

export interface ErasurePlan {
  plannedOn: CalendarDate;
  stores: StoreErasurePlan[];
  /** Records kept under a legal hold with some fields erased now. */
  partiallyRetained: PartialRetention[];
  counts: Record<ErasureAction, number>;
}

export interface ErasureLeftover {
  storeId: string;
  /** Absent when a whole store was not searched again. */
  recordId?: string;
  reason: 'not_deleted' | 'not_anonymised' | 'not_in_plan' | 'unresolved_review' | 'store_not_rechecked';
  /** With `not_anonymised`: the fields that still hold data. */
  fields?: string[];
}

export class ErasurePlanError extends Error {
  override name = 'ErasurePlanError';
}

/**
 * What a connector writes into an anonymised field. Verification also accepts an absent field,
 * null, an empty string or an empty list.
 */
export const ANONYMISED_VALUE = '[anonymised]';

export function isAnonymisedValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    value === ANONYMISED_VALUE ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Plans erasure of every record found, store by store. Pure: `today` is the planning date. */
export function planErasure(
  map: DataMap,
  findings: readonly StoreFindings[],
  today: CalendarDate,
): ErasurePlan {
  const plannedOn = requireCalendarDate(today, 'today');
  const storesById = new Map(map.stores.map((s) => [s.id, s]));
  const seenStores = new Set<string>();
  const stores: StoreErasurePlan[] = [];

  for (const finding of findings) {
    const store = storesById.get(finding.storeId);
    if (!store)
      throw new ErasurePlanError(`findings name store "${finding.storeId}", which the data map lacks`);
    if (seenStores.has(store.id)) throw new ErasurePlanError(`findings list store "${store.id}" twice`);
    seenStores.add(store.id);

    const erasure = store.erasure;
    const records = uniqueRecords(finding.records).map((record) =>
      planRecord(erasure, record, plannedOn, store.bookingDateField),
    );
    const storePlan: StoreErasurePlan = {
      storeId: store.id,
      storeName: store.name,
      connectorType: store.connector.type,
      policy: erasure.policy,
      records,
    };
    if (store.connector.type === 'manual') storePlan.instructions = store.connector.instructions;
    if (erasure.policy === 'retain') {
      storePlan.legalHold = { name: erasure.legalHold.name, reference: erasure.legalHold.reference };
      const latest = records
        .flatMap((r) => (r.action === 'retain' ? [r.retainUntil] : []))
        .sort()
        .at(-1);
      if (latest) storePlan.retainUntil = latest;
    }
    stores.push(storePlan);
  }

  const partiallyRetained = stores.flatMap((s) =>
    s.records.flatMap((r) =>
      r.action === 'retain' && r.anonymiseFields.length > 0
        ? [
            {
              storeId: s.storeId,
              recordId: r.recordId,
              anonymiseFields: r.anonymiseFields,
              retainedFields: r.retainedFields,
              retainUntil: r.retainUntil,
            },
          ]
        : [],
    ),
  );
  const counts: Record<ErasureAction, number> = { delete: 0, anonymise: 0, retain: 0, review: 0 };
  for (const s of stores) for (const r of s.records) counts[r.action] += 1;

  return { plannedOn, stores, partiallyRetained, counts };
}

function planRecord(
  erasure: ErasurePolicy,
  record: FoundRecord,
  today: CalendarDate,
  bookingDateField: string | undefined,
): RecordErasure {
  const { recordId } = record;
  switch (erasure.policy) {
    case 'delete':
      return { recordId, action: 'delete', reason: 'policy' };
    case 'anonymise':
      return { recordId, action: 'anonymise', fields: [...erasure.fields] };
    case 'retain': {
      const legalHold = { name: erasure.legalHold.name, reference: erasure.legalHold.reference };
      const rule = erasure.legalHold.until;
      let recordDate: CalendarDate | undefined;
      if (rule.kind !== 'until_date') {
        if (record.recordDate === undefined || record.recordDate === '') {
          return { recordId, action: 'review', reason: 'record_date_missing', legalHold };
        }
        recordDate = toCalendarDate(record.recordDate);
        if (!recordDate) return { recordId, action: 'review', reason: 'record_date_invalid', legalHold };
      }
      let retainUntil = holdEndDate(rule, recordDate);
      // A record booked in a later financial year (an invoice paid after the year end) is
      // accounting information of that year too, so it is kept as long as that year's records.
      const booked = bookingDateField ? valueAtPath(record.fields, bookingDateField) : undefined;
      if (
        rule.kind === 'end_of_year_after_fiscal_year' &&
        booked !== undefined &&
        booked !== null &&
        booked !== ''
      ) {
        const bookingDate = typeof booked === 'string' ? toCalendarDate(booked) : undefined;
        if (!bookingDate) return { recordId, action: 'review', reason: 'record_date_invalid', legalHold };
        const heldFromBooking = holdEndDate(rule, bookingDate);
        if (heldFromBooking > retainUntil) retainUntil = heldFromBooking;
      }
      if (retainUntil < today) {
        return {
          recordId,
          action: 'delete',
          reason: 'legal_hold_expired',
          legalHold: { ...legalHold, ended: retainUntil },
        };
      }
      const anonymiseFields = [...(erasure.anonymiseFields ?? [])];
      const erased = new Set(anonymiseFields);
      const retainedFields = Object.keys(record.fields).filter((field) => !erased.has(field));
      return { recordId, action: 'retain', legalHold, retainUntil, anonymiseFields, retainedFields };
    }
  }
}

/**
 * The last day a record must be kept under a dated rule.
 * `end_of_year_after_fiscal_year`: the fiscal year holding the record ends in some calendar year;
 * the record is kept through 31 December of the `years`th year after it (Bokföringslagen 7 kap. 2 §).
 * An invoice of 2025-03-14 with the calendar year as fiscal year is kept through 2032-12-31.
 */
export function holdEndDate(rule: DatedRule, recordDate?: CalendarDate): CalendarDate {
  if (rule.kind === 'until_date') return requireCalendarDate(rule.date, 'until.date');
  if (recordDate === undefined) throw new ErasurePlanError(`a ${rule.kind} rule needs the record's date`);
  const date = requireCalendarDate(recordDate, 'recordDate');
  switch (rule.kind) {
    case 'months_after':
      return addMonths(date, rule.months);
    case 'end_of_year_after_fiscal_year': {
      const [year, month] = date.split('-').map(Number) as [number, number];
      const startMonth = rule.fiscalYearStartMonth ?? 1;
      // A fiscal year starting in May ends in April of the next calendar year.
      const fiscalYearEndsIn = startMonth === 1 || month < startMonth ? year : year + 1;
      return `${fiscalYearEndsIn + rule.years}-12-31`;
    }
  }
}

/**
 * The records found again after erasure that the plan did not keep. Empty means the erasure is
 * proven. A store in the plan that was not searched again is reported too: absence of evidence
 * is not proof.
 */
export function verifyErasure(plan: ErasurePlan, recollected: readonly StoreFindings[]): ErasureLeftover[] {
  const leftovers: ErasureLeftover[] = [];
  const recollectedByStore = new Map(recollected.map((f) => [f.storeId, f]));
  const plannedStores = new Map(plan.stores.map((s) => [s.storeId, s]));

  for (const storePlan of plan.stores) {
    if (!recollectedByStore.has(storePlan.storeId)) {
      leftovers.push({ storeId: storePlan.storeId, reason: 'store_not_rechecked' });
    }
  }

  for (const finding of recollected) {
    const planned = new Map((plannedStores.get(finding.storeId)?.records ?? []).map((r) => [r.recordId, r]));
    for (const record of uniqueRecords(finding.records)) {
      const leftover = checkRecord(planned.get(record.recordId), record);
      if (leftover) leftovers.push({ storeId: finding.storeId, recordId: record.recordId, ...leftover });
    }
  }
  return leftovers;
}

function checkRecord(
  planned: RecordErasure | undefined,
  record: FoundRecord,
): Pick<ErasureLeftover, 'reason' | 'fields'> | undefined {
  // A record the plan never saw (e.g. a new sign-up since the plan) still identifies the subject.
  if (!planned) return { reason: 'not_in_plan' };
  switch (planned.action) {
    case 'delete':
      return { reason: 'not_deleted' };
    case 'review':
      return { reason: 'unresolved_review' };
    case 'anonymise':
    case 'retain': {
      const fields = planned.action === 'anonymise' ? planned.fields : planned.anonymiseFields;
      const remaining = fields.filter((field) => !isAnonymisedValue(valueAtPath(record.fields, field)));
      return remaining.length > 0 ? { reason: 'not_anonymised', fields: remaining } : undefined;
    }
  }
}

function uniqueRecords(records: readonly FoundRecord[]): FoundRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    if (seen.has(r.recordId)) return false;
    seen.add(r.recordId);
    return true;
  });
}

/** The value at a field name or dotted path (`contact.email`); a literal dotted key wins. */
export function valueAtPath(fields: Record<string, unknown>, path: string): unknown {
  if (path in fields) return fields[path];
  let current: unknown = fields;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function requireCalendarDate(value: string, name: string): CalendarDate {
  if (!isCalendarDate(value))
    throw new ErasurePlanError(`${name} must be a date as YYYY-MM-DD, not ${JSON.stringify(value)}`);
  return value;
}
