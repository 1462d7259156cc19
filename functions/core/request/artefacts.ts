import type { FoundRecord, StoreFindings } from '../erasure/erasure-plan';

/**
 * Where a request's large artefacts live in the packages bucket (ARCHITECTURE.md §3: the workflow
 * passes keys, never data), and the small port the steps use to read and write them.
 */
export const artefactKeys = {
  findingsPrefix: (requestId: string) => `findings/${requestId}/`,
  findings: (requestId: string, storeId: string) => `findings/${requestId}/${storeId}.json`,
  packagePrefix: (requestId: string) => `packages/${requestId}/`,
  packageFile: (requestId: string, file: string) => `packages/${requestId}/${file}`,
  erasurePlan: (requestId: string) => `erasure/${requestId}/plan.json`,
  erasureOutcome: (requestId: string, storeId: string) => `erasure/${requestId}/outcome-${storeId}.json`,
  certificate: (requestId: string) => `erasure/${requestId}/certificate.json`,
} as const;

/** Objects in one bucket, by key. Implemented for S3 by `adapters/s3-object-store.ts`. */
export interface ObjectStore {
  /** The object's text, or undefined when there is no such object. */
  getText(key: string): Promise<string | undefined>;
  put(key: string, body: string | Uint8Array, contentType: string): Promise<void>;
  /** Copies an object inside the bucket (a file staff attached, into the package). */
  copy(fromKey: string, toKey: string): Promise<void>;
  /** Keys under a prefix, in key order. */
  list(prefix: string): Promise<string[]>;
  /** Removes an object; a missing one is fine. */
  delete(key: string): Promise<void>;
}

export class ArtefactError extends Error {
  override name = 'ArtefactError';
}

/** What the collect step stored for one store; `status` as it records it (found, none, manual_pending, ...). */
export interface StoredFindings extends StoreFindings {
  status?: string;
}

/** Parses one findings object as the collect step writes it; unknown fields (provenance) are kept out. */
export function parseFindings(key: string, text: string): StoredFindings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ArtefactError(`findings object ${key} is not JSON`, { cause: error });
  }
  if (!isObject(raw) || !Array.isArray(raw.records)) {
    throw new ArtefactError(`findings object ${key} has no records list`);
  }
  const storeId = typeof raw.storeId === 'string' ? raw.storeId : /([^/]+)\.json$/.exec(key)?.[1];
  if (!storeId) throw new ArtefactError(`findings object ${key} names no store`);
  const records: FoundRecord[] = raw.records.map((record: unknown, i: number) => {
    if (!isObject(record) || typeof record.recordId !== 'string' || !isObject(record.fields)) {
      throw new ArtefactError(`findings object ${key}: record ${i} needs a recordId and fields`);
    }
    const found: FoundRecord = { recordId: record.recordId, fields: record.fields };
    if (typeof record.recordDate === 'string') found.recordDate = record.recordDate;
    return found;
  });
  const findings: StoredFindings = { storeId, records };
  if (typeof raw.status === 'string') findings.status = raw.status;
  return findings;
}

/**
 * Every store's findings of the request's collection, in key order. Later searches (e.g. the
 * re-check after erasure, `findings/<id>/verify/...`) sit one level down and are not included.
 */
export async function readAllFindings(objects: ObjectStore, requestId: string): Promise<StoredFindings[]> {
  const prefix = artefactKeys.findingsPrefix(requestId);
  const keys = (await objects.list(prefix)).filter((k) => /^[^/]+\.json$/.test(k.slice(prefix.length)));
  const all: StoredFindings[] = [];
  for (const key of keys) {
    const text = await objects.getText(key);
    if (text !== undefined) all.push(parseFindings(key, text));
  }
  return all;
}

export async function readJson<T>(objects: ObjectStore, key: string): Promise<T | undefined> {
  const text = await objects.getText(key);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ArtefactError(`object ${key} is not JSON`, { cause: error });
  }
}

export function putJson(objects: ObjectStore, key: string, value: unknown): Promise<void> {
  return objects.put(key, JSON.stringify(value, null, 2), 'application/json; charset=utf-8');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
