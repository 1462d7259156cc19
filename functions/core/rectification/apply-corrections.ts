import type { Connector } from '../collection/connector';
import { type DataMap, findStore } from '../datamap';
import { NotFoundError, ValidationError } from '../errors';
import type { Clock, RequestStore } from '../ports';

/** One staff-confirmed correction: a field of one record in one store, and its right value. */
export interface Correction {
  storeId: string;
  recordId: string;
  field: string;
  value: string;
}

/** What became of a correction; the value itself is not kept once it is applied. */
export interface CorrectionResult {
  storeId: string;
  recordId: string;
  field: string;
  outcome: 'applied' | 'manual';
}

/** Corrections wait in the request's `RECTIFY` item between staff confirming and the workflow applying them. */
export interface CorrectionsStore {
  save(requestId: string, corrections: Correction[], savedBy: string): Promise<void>;
  load(requestId: string): Promise<Correction[]>;
  /** Replaces the corrections by their results: the new values leave our records once applied. */
  markApplied(requestId: string, results: CorrectionResult[]): Promise<void>;
}

const MAX_CORRECTIONS = 50;

/** Validates corrections staff enter: known stores, named records and fields, short values. */
export function parseCorrections(input: unknown, dataMap: DataMap): Correction[] {
  if (input === undefined) return [];
  if (!Array.isArray(input) || input.length > MAX_CORRECTIONS) {
    throw new ValidationError(`corrections must be a list of at most ${MAX_CORRECTIONS}`, {
      corrections: 'invalid',
    });
  }
  return input.map((raw, i) => {
    const c = (raw ?? {}) as Record<string, unknown>;
    const text = (name: string, max: number) => {
      const value = c[name];
      if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
        throw new ValidationError(`corrections[${i}].${name} is required (at most ${max} characters)`, {
          [`corrections.${i}.${name}`]: 'invalid',
        });
      }
      return value.trim();
    };
    const storeId = text('storeId', 100);
    if (!findStore(dataMap, storeId)) {
      throw new ValidationError(`corrections[${i}].storeId is not in the data map`, {
        [`corrections.${i}.storeId`]: 'unknown',
      });
    }
    return {
      storeId,
      recordId: text('recordId', 500),
      field: text('field', 100),
      value: text('value', 1000),
    };
  });
}

export interface ApplyCorrectionsDeps {
  requests: Pick<RequestStore, 'getRequest' | 'appendEvent'>;
  corrections: CorrectionsStore;
  /** The store's connector, or undefined where staff work by hand. */
  connectorFor(storeId: string): Connector | undefined;
  clock: Clock;
}

/**
 * Workflow step after staff confirmed corrections: applies them through the connectors that can
 * update records; the rest were done by hand in those systems, as the task asked. Safe to retry:
 * a correction sets a value, so applying it twice changes nothing.
 */
export async function applyCorrections(
  requestId: string,
  deps: ApplyCorrectionsDeps,
): Promise<{ applied: number; manual: number }> {
  const request = await deps.requests.getRequest(requestId);
  if (!request) throw new NotFoundError(`request ${requestId} not found`);
  const corrections = await deps.corrections.load(requestId);
  const byRecord = new Map<string, Correction[]>();
  for (const c of corrections) {
    const key = JSON.stringify([c.storeId, c.recordId]);
    byRecord.set(key, [...(byRecord.get(key) ?? []), c]);
  }
  const results: CorrectionResult[] = [];
  for (const group of byRecord.values()) {
    const [first] = group;
    if (!first) continue;
    const connector = deps.connectorFor(first.storeId);
    const outcome: CorrectionResult['outcome'] = connector?.rectify ? 'applied' : 'manual';
    if (connector?.rectify) {
      await connector.rectify(
        { email: request.subjectEmail },
        first.recordId,
        Object.fromEntries(group.map((c) => [c.field, c.value])),
      );
    }
    results.push(...group.map(({ storeId, recordId, field }) => ({ storeId, recordId, field, outcome })));
  }
  await deps.corrections.markApplied(requestId, results);
  const applied = results.filter((r) => r.outcome === 'applied').length;
  const manual = results.length - applied;
  await deps.requests.appendEvent(requestId, {
    at: deps.clock.now().toISOString(),
    actor: 'system:workflow',
    action: 'corrections_applied',
    detail: { applied, manual },
  });
  return { applied, manual };
}
