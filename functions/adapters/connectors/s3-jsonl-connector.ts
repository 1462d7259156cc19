import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type {
  Connector,
  EraseOutcome,
  LocatedRecord,
  SubjectIdentifiers,
  SweptRecord,
} from '../../core/collection/connector';
import { ConcurrentModificationError, StoreUnavailableError } from '../../core/collection/connector';
import type { DataStore, IdentifierKind, S3JsonlConnector } from '../../core/datamap';
import { ANONYMISED_VALUE, type RecordErasure, type StoreErasurePlan } from '../../core/erasure/erasure-plan';
import { ConfigurationError, ConflictError, ValidationError } from '../../core/errors';
import { normaliseEmail } from '../../core/request/subject-key';
import { fieldValue, isUnavailable, recordDateOf, setFieldValue, sleep } from './connector-support';

/**
 * JSON Lines objects under a prefix (ARCHITECTURE.md §7), e.g. web access logs or event attendance.
 *
 * Indexed lookup: for every identifier value in a line's match fields, the store keeps an index
 * object `<indexPrefix><sha256(normalised value)>.json` = `{"objects": ["<data object key>", ...]}`.
 * A lookup reads one index object per identifier, then only the data objects it lists, so its
 * cost follows the subject's footprint, not the store's size. The index may list too much (an
 * object listed but no longer holding the value costs one read), never too little. Writers keep
 * it that way by writing the data object first and then adding its key to the index objects;
 * `indexEntriesFor` computes those entries, and the local demo seeding uses it.
 *
 * The index is keyed by a plain SHA-256 of the value, not by the HMAC subject key, so writers
 * need no secret. It is a lookup key, not a protection: the data objects beside it hold the
 * values in clear, and the bucket's access rules cover both.
 *
 * Erasure rewrites each affected object without the subject's lines (or with fields anonymised)
 * under optimistic concurrency, as S3 Find and Forget does: read with its ETag, rewrite, write
 * back only if the ETag is unchanged, otherwise `ConcurrentModificationError` and a retry from a
 * fresh read. S3 enforces `If-Match` on PutObject; s3rver (the local stand-in) ignores it, so the
 * ETag is also compared with a HeadObject right before the write, which narrows the window to the
 * time between the two calls locally and costs one request on AWS. Afterwards the subject's index
 * objects drop the objects that no longer mention the subject, or go entirely.
 *
 * A store whose bucket keeps versions (`versioned` in the data map) would still hold the erased
 * lines in the versions a rewrite or delete leaves behind. There the erasure then deletes every
 * old version and delete marker of each object it changed and of the subject's index objects
 * (old versions first, markers last, so a deleted object never comes back), and counts them in
 * the outcome. On a retry, objects an earlier attempt already rewrote are found through the
 * planned record ids when they name their object (stores without `recordIdField`).
 */
export interface S3JsonlConnectorOptions {
  store: DataStore;
  /** The physical bucket the deployment gives the map's logical `bucket`. */
  bucketName: string;
  client: S3Client;
  /** Read-rewrite-write attempts per object before giving up (default 5). */
  maxAttempts?: number;
  /**
   * Fault injection for tests: runs after an object was read and before it is written back, so
   * a test can play a concurrent writer exactly there.
   */
  beforeWrite?: (objectKey: string, attempt: number) => Promise<void>;
}

/** The kinds of identifier a line can be matched on; names are not unique, so they never match. */
const MATCHED_KINDS = ['email', 'phone', 'ip'] as const satisfies readonly IdentifierKind[];
type MatchedKind = (typeof MATCHED_KINDS)[number];

interface IndexDocument {
  objects: string[];
}

interface StoredObject {
  body: string;
  etag: string | undefined;
}

/** One identifier of the subject this store can match: the normalised value and its fields. */
interface Probe {
  kind: MatchedKind;
  value: string;
  fields: string[];
}

export function normaliseIdentifier(kind: IdentifierKind, value: string): string {
  if (kind === 'email') return normaliseEmail(value);
  if (kind === 'phone') return value.replace(/[^\d+]/g, '');
  return value.trim().toLowerCase();
}

/** The index object key for one identifier value. */
export function indexObjectKey(indexPrefix: string, kind: IdentifierKind, value: string): string {
  const digest = createHash('sha256').update(normaliseIdentifier(kind, value)).digest('hex');
  return `${indexPrefix}${digest}.json`;
}

/**
 * The index objects a set of data objects needs: index object key → data object keys, for every
 * identifier value in the store's match fields. Writers merge these into the stored index.
 */
export function indexEntriesFor(
  store: DataStore,
  objects: readonly { key: string; lines: readonly Record<string, unknown>[] }[],
): Map<string, string[]> {
  const config = s3Config(store);
  if (!config.indexPrefix) throw new ConfigurationError(`store ${store.id} has no indexPrefix`);
  const entries = new Map<string, Set<string>>();
  for (const object of objects) {
    for (const line of object.lines) {
      for (const { kind, fields } of matchedFields(store)) {
        for (const field of fields) {
          const value = fieldValue(line, field);
          if (typeof value !== 'string' || value === '') continue;
          const key = indexObjectKey(config.indexPrefix, kind, value);
          const set = entries.get(key) ?? new Set<string>();
          set.add(object.key);
          entries.set(key, set);
        }
      }
    }
  }
  return new Map([...entries].map(([key, set]) => [key, [...set].sort()]));
}

export function serialiseIndex(objects: readonly string[]): string {
  return JSON.stringify({ objects: [...objects] } satisfies IndexDocument);
}

export class S3JsonlStoreConnector implements Connector {
  private readonly config: S3JsonlConnector;
  /**
   * Corrections need a record id that survives the rewrite: only stores whose lines carry one
   * (`recordIdField`) are corrected here; for the others staff correct by hand.
   */
  readonly rectify?: Connector['rectify'];

  constructor(private readonly options: S3JsonlConnectorOptions) {
    this.config = s3Config(options.store);
    if (this.config.recordIdField)
      this.rectify = (subject, id, changes) => this.correct(subject, id, changes);
  }

  async find(subject: SubjectIdentifiers): Promise<LocatedRecord[]> {
    const probes = this.probesFor(subject);
    if (probes.length === 0) return [];
    const objectKeys = await this.candidateObjects(probes);
    const records: LocatedRecord[] = [];
    for (const key of objectKeys) {
      const object = await this.getObject(key);
      if (!object) continue;
      for (const line of parseLines(object.body)) {
        if (line.fields && matches(line.fields, probes)) records.push(this.toRecord(key, line));
      }
    }
    return records;
  }

  async erase(subject: SubjectIdentifiers, plan: StoreErasurePlan): Promise<EraseOutcome> {
    const outcome: EraseOutcome = {
      storeId: plan.storeId,
      deleted: [],
      anonymised: [],
      retained: [],
      manual: [],
    };
    const probes = this.probesFor(subject);
    const planned = new Map(plan.records.map((r) => [r.recordId, r]));
    const seen = new Set<string>();

    const objectKeys = new Set(await this.candidateObjects(probes));
    // Without a record id field a record id names its object: include objects the index lost.
    if (!this.config.recordIdField) {
      for (const id of planned.keys()) {
        const objectKey = id.slice(0, id.lastIndexOf('#'));
        if (objectKey.startsWith(this.config.prefix)) objectKeys.add(objectKey);
      }
    }

    const written = new Set<string>();
    for (const key of [...objectKeys].sort()) {
      const result = await this.rewrite(key, (body) => this.eraseLines(key, body, probes, planned), written);
      if (!result) continue;
      for (const [recordId, action] of result.applied) {
        seen.add(recordId);
        outcome[action].push(recordId);
      }
    }

    // Planned records no longer anywhere were erased by an earlier attempt (the step is retried).
    for (const record of plan.records) {
      if (seen.has(record.recordId)) continue;
      if (record.action === 'delete') outcome.deleted.push(record.recordId);
      else if (record.action === 'anonymise') outcome.anonymised.push(record.recordId);
      else outcome.manual.push(record.recordId);
    }

    if (this.config.indexPrefix) await this.pruneIndex(probes);
    if (this.config.versioned)
      outcome.oldVersionsRemoved = await this.removeOldVersions(probes, written, [...planned.keys()]);
    return outcome;
  }

  /** Every line dated before `before`: reads every data object of the prefix (a sweep's cost). */
  async listDatedBefore(before: string): Promise<LocatedRecord[]> {
    const field = this.options.store.recordDateField;
    if (!field) return [];
    const records: LocatedRecord[] = [];
    for (const key of await this.listObjects(this.config.prefix)) {
      const object = await this.getObject(key);
      if (!object) continue;
      for (const line of parseLines(object.body)) {
        if (!line.fields) continue;
        const date = recordDateOf(line.fields, field);
        // Undated lines are listed too: the plan counts them for staff.
        if (date === undefined || date < before) records.push(this.toRecord(key, line));
      }
    }
    return records;
  }

  /**
   * Rewrites each object of the plan without its deleted lines (anonymised lines rewritten), then
   * drops the objects from the index of every identifier whose lines went, and in a bucket that
   * keeps versions, the old versions of what was written.
   */
  async eraseSwept(storeId: string, records: readonly SweptRecord[]): Promise<EraseOutcome> {
    const outcome: EraseOutcome = { storeId, deleted: [], anonymised: [], retained: [], manual: [] };
    const byObject = new Map<string, Map<string, SweptRecord>>();
    for (const record of records) {
      const object = String(record.location.object ?? '');
      if (!object.startsWith(this.config.prefix)) {
        outcome.manual.push(record.recordId);
        continue;
      }
      const planned = byObject.get(object) ?? new Map<string, SweptRecord>();
      planned.set(record.recordId, record);
      byObject.set(object, planned);
    }
    const written = new Set<string>();
    // Per identifier whose lines went: the objects that no longer mention it, to drop from its index.
    const dropped = new Map<string, { probe: Probe; objects: Set<string> }>();
    await inParallel(
      [...byObject].sort(([a], [b]) => a.localeCompare(b)),
      async ([key, planned]) => {
        const seen = new Set<string>();
        const result = await this.rewrite(key, (body) => this.sweepLines(key, body, planned), written);
        const remaining = result?.body ? parseLines(result.body) : [];
        for (const [recordId, action, fields] of result?.applied ?? []) {
          seen.add(recordId);
          outcome[action].push(recordId);
          if (action !== 'deleted' || !fields) continue;
          for (const probe of this.probesOfLine(fields)) {
            if (remaining.some((l) => l.fields && matches(l.fields, [probe]))) continue;
            const entry = dropped.get(`${probe.kind}:${probe.value}`) ?? {
              probe,
              objects: new Set<string>(),
            };
            entry.objects.add(key);
            dropped.set(`${probe.kind}:${probe.value}`, entry);
          }
        }
        // Lines gone already (a retried sweep) are deleted; the rest changed since the plan.
        for (const record of planned.values()) {
          if (seen.has(record.recordId)) continue;
          if (record.action === 'delete' && !result?.present.has(record.recordId))
            outcome.deleted.push(record.recordId);
          else outcome.manual.push(record.recordId);
        }
      },
    );
    const indexPrefix = this.config.indexPrefix;
    if (indexPrefix) {
      await inParallel([...dropped.values()], async ({ probe, objects }) => {
        await this.rewrite(
          indexObjectKey(indexPrefix, probe.kind, probe.value),
          (body) => {
            const listed = parseIndex(body).objects;
            const still = listed.filter((key) => !objects.has(key));
            if (still.length === listed.length) return undefined;
            return { body: still.length > 0 ? serialiseIndex(still) : null };
          },
          written,
        );
      });
    }
    if (this.config.versioned) outcome.oldVersionsRemoved = await this.removeOldVersions([], written, []);
    return outcome;
  }

  private sweepLines(
    objectKey: string,
    body: string,
    planned: ReadonlyMap<string, SweptRecord>,
  ): {
    body: string | null;
    applied: [string, 'deleted' | 'anonymised' | 'retained', Record<string, unknown> | undefined][];
    present: Set<string>;
  } {
    const applied: [string, 'deleted' | 'anonymised' | 'retained', Record<string, unknown> | undefined][] =
      [];
    const present = new Set<string>();
    const out: string[] = [];
    let changed = false;
    for (const line of parseLines(body)) {
      const record = line.fields ? this.toRecord(objectKey, line) : undefined;
      const action = record ? planned.get(record.recordId) : undefined;
      if (record && action) present.add(record.recordId);
      // A line whose date moved since the plan is somebody's current record: left alone.
      if (!record || !action || !line.fields || record.recordDate !== action.recordDate) {
        out.push(line.raw);
        continue;
      }
      switch (action.action) {
        case 'delete':
          changed = true;
          applied.push([record.recordId, 'deleted', line.fields]);
          break;
        case 'anonymise':
        case 'retain': {
          const raw = anonymisedLine(line.fields, action);
          changed ||= raw !== line.raw;
          out.push(raw);
          applied.push([
            record.recordId,
            action.action === 'anonymise' ? 'anonymised' : 'retained',
            undefined,
          ]);
          break;
        }
        case 'review':
          out.push(line.raw);
          break;
      }
    }
    if (!changed) return { body, applied, present };
    return { body: out.length > 0 ? `${out.join('\n')}\n` : null, applied, present };
  }

  /** The identifiers one line can be found by, as the index keys them. */
  private probesOfLine(fields: Record<string, unknown>): Probe[] {
    return matchedFields(this.options.store).flatMap(({ kind, fields: names }) =>
      names.flatMap((name) => {
        const value = fieldValue(fields, name);
        return typeof value === 'string' && value !== ''
          ? [{ kind, value: normaliseIdentifier(kind, value), fields: names }]
          : [];
      }),
    );
  }

  /**
   * Deletes the old versions and delete markers of the objects this erasure wrote, of the objects
   * the plan names (an earlier attempt may have written them), and of the subject's index objects.
   */
  private async removeOldVersions(
    probes: readonly Probe[],
    written: ReadonlySet<string>,
    plannedIds: readonly string[],
  ): Promise<number> {
    const keys = new Set(written);
    const { indexPrefix, prefix, recordIdField } = this.config;
    if (!recordIdField) {
      for (const id of plannedIds) {
        const objectKey = id.slice(0, id.lastIndexOf('#'));
        if (objectKey.startsWith(prefix)) keys.add(objectKey);
      }
    }
    if (indexPrefix) for (const p of probes) keys.add(indexObjectKey(indexPrefix, p.kind, p.value));
    let removed = 0;
    for (const key of [...keys].sort()) {
      const { versions, markers } = await this.oldVersionsOf(key);
      for (const versionId of [...versions, ...markers]) {
        await this.guard(() =>
          this.options.client.send(
            new DeleteObjectCommand({ Bucket: this.options.bucketName, Key: key, VersionId: versionId }),
          ),
        );
        removed++;
      }
    }
    return removed;
  }

  /** The noncurrent versions and every delete marker of exactly this key. */
  private async oldVersionsOf(key: string): Promise<{ versions: string[]; markers: string[] }> {
    const versions: string[] = [];
    const markers: string[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await this.guard(() =>
        this.options.client.send(
          new ListObjectVersionsCommand({
            Bucket: this.options.bucketName,
            Prefix: key,
            KeyMarker: keyMarker,
            VersionIdMarker: versionIdMarker,
          }),
        ),
      );
      for (const v of page.Versions ?? [])
        if (v.Key === key && !v.IsLatest && v.VersionId) versions.push(v.VersionId);
      for (const m of page.DeleteMarkers ?? []) if (m.Key === key && m.VersionId) markers.push(m.VersionId);
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
    return { versions, markers };
  }

  /** Rewrites the subject's record with the corrected fields, guarded like an erasure. */
  private async correct(
    subject: SubjectIdentifiers,
    recordId: string,
    changes: Record<string, unknown>,
  ): Promise<void> {
    const fields = Object.keys(changes);
    if (fields.length === 0) return;
    const keyFields = new Set([
      ...matchedFields(this.options.store).flatMap((m) => m.fields),
      this.config.recordIdField ?? '',
    ]);
    if (fields.some((f) => keyFields.has(f))) {
      throw new ValidationError(
        `an identifier of store ${this.options.store.id} cannot be corrected in place`,
        {
          field: 'key',
        },
      );
    }
    const probes = this.probesFor(subject);
    let found = false;
    for (const key of await this.candidateObjects(probes)) {
      const result = await this.rewrite(key, (body) => {
        let hit = false;
        const out = parseLines(body).map((line) => {
          if (!line.fields || !matches(line.fields, probes)) return line.raw;
          if (this.toRecord(key, line).recordId !== recordId) return line.raw;
          hit = true;
          const copy = structuredClone(line.fields);
          for (const field of fields) setFieldValue(copy, field, changes[field]);
          return JSON.stringify(copy);
        });
        return hit ? { body: `${out.join('\n')}\n`, hit } : undefined;
      });
      found ||= result?.hit === true;
    }
    if (!found) {
      throw new ConflictError(`record of store ${this.options.store.id} is not the subject's any more`);
    }
  }

  /** The subject's identifiers this store can match, normalised. */
  private probesFor(subject: SubjectIdentifiers): Probe[] {
    const values: Record<MatchedKind, string | undefined> = {
      email: subject.email,
      phone: subject.phone,
      ip: subject.ip,
    };
    return matchedFields(this.options.store).flatMap(({ kind, fields }) => {
      const value = values[kind];
      return value ? [{ kind, value: normaliseIdentifier(kind, value), fields }] : [];
    });
  }

  /** Data objects that may hold the subject: from the index, or every object when there is none. */
  private async candidateObjects(probes: readonly Probe[]): Promise<string[]> {
    const { indexPrefix, prefix } = this.config;
    if (!indexPrefix) return this.listObjects(prefix);
    const keys = new Set<string>();
    for (const probe of probes) {
      const index = await this.readIndex(indexObjectKey(indexPrefix, probe.kind, probe.value));
      for (const key of index?.document.objects ?? []) if (key.startsWith(prefix)) keys.add(key);
    }
    return [...keys].sort();
  }

  private eraseLines(
    objectKey: string,
    body: string,
    probes: readonly Probe[],
    planned: ReadonlyMap<string, RecordErasure>,
  ): { body: string; applied: [string, 'deleted' | 'anonymised' | 'retained' | 'manual'][] } | undefined {
    const applied: [string, 'deleted' | 'anonymised' | 'retained' | 'manual'][] = [];
    const out: string[] = [];
    let changed = false;
    for (const line of parseLines(body)) {
      const record = line.fields && matches(line.fields, probes) ? this.toRecord(objectKey, line) : undefined;
      const action = record ? planned.get(record.recordId) : undefined;
      if (!record || !action || !line.fields) {
        out.push(line.raw);
        continue;
      }
      switch (action.action) {
        case 'delete':
          changed = true;
          applied.push([record.recordId, 'deleted']);
          break;
        case 'anonymise':
        case 'retain': {
          const raw = anonymisedLine(line.fields, action);
          changed ||= raw !== line.raw;
          out.push(raw);
          applied.push([record.recordId, action.action === 'anonymise' ? 'anonymised' : 'retained']);
          break;
        }
        case 'review':
          out.push(line.raw);
          applied.push([record.recordId, 'manual']);
          break;
      }
    }
    if (!changed) return { body, applied };
    return { body: out.length > 0 ? `${out.join('\n')}\n` : '', applied };
  }

  /** Drops from the subject's index objects every data object that no longer mentions them. */
  private async pruneIndex(probes: readonly Probe[]): Promise<void> {
    const indexPrefix = this.config.indexPrefix as string;
    for (const probe of probes) {
      const indexKey = indexObjectKey(indexPrefix, probe.kind, probe.value);
      await this.rewrite(indexKey, async (body) => {
        const listed = parseIndex(body).objects;
        const still: string[] = [];
        for (const key of listed) {
          const object = await this.getObject(key);
          if (object && parseLines(object.body).some((l) => l.fields && matches(l.fields, [probe])))
            still.push(key);
        }
        if (still.length === listed.length) return undefined;
        return { body: still.length > 0 ? serialiseIndex(still) : null, applied: [] };
      });
    }
  }

  /**
   * Read, transform, write back only if unchanged; a lost race retries from a fresh read. A
   * transform returns undefined for "nothing to write", and body null to delete the object.
   * A key written or deleted is added to `written`.
   */
  private async rewrite<T>(
    key: string,
    transform: (
      body: string,
    ) => Promise<({ body: string | null } & T) | undefined> | ({ body: string | null } & T) | undefined,
    written?: Set<string>,
  ): Promise<T | undefined> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        const object = await this.getObject(key);
        if (!object) return undefined;
        const result = await transform(object.body);
        if (!result) return undefined;
        if (result.body !== object.body) {
          await this.options.beforeWrite?.(key, attempt);
          await this.writeIfUnchanged(key, object.etag, result.body);
          written?.add(key);
        }
        return result;
      } catch (error) {
        if (!(error instanceof ConcurrentModificationError) || attempt >= maxAttempts) throw error;
        await sleep(Math.min(1000, 20 * 2 ** attempt * Math.random()));
      }
    }
  }

  private async writeIfUnchanged(key: string, etag: string | undefined, body: string | null): Promise<void> {
    const current = await this.headEtag(key);
    if (current !== etag)
      throw new ConcurrentModificationError(
        `object changed while it was rewritten (${this.options.store.id})`,
      );
    try {
      if (body === null) {
        await this.guard(() =>
          this.options.client.send(
            new DeleteObjectCommand({ Bucket: this.options.bucketName, Key: key, IfMatch: etag }),
          ),
        );
      } else {
        await this.guard(() =>
          this.options.client.send(
            new PutObjectCommand({
              Bucket: this.options.bucketName,
              Key: key,
              Body: body,
              ContentType: key.endsWith('.json') ? 'application/json' : 'application/x-ndjson',
              IfMatch: etag,
            }),
          ),
        );
      }
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'PreconditionFailed' || name === 'ConditionalRequestConflict') {
        throw new ConcurrentModificationError(
          `object changed while it was rewritten (${this.options.store.id})`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
  }

  private async readIndex(key: string): Promise<{ document: IndexDocument } | undefined> {
    const object = await this.getObject(key);
    return object ? { document: parseIndex(object.body) } : undefined;
  }

  private async getObject(key: string): Promise<StoredObject | undefined> {
    try {
      const result = await this.guard(() =>
        this.options.client.send(new GetObjectCommand({ Bucket: this.options.bucketName, Key: key })),
      );
      return { body: (await result.Body?.transformToString('utf8')) ?? '', etag: result.ETag };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  private async headEtag(key: string): Promise<string | undefined> {
    try {
      return (
        await this.guard(() =>
          this.options.client.send(new HeadObjectCommand({ Bucket: this.options.bucketName, Key: key })),
        )
      ).ETag;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  private async listObjects(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.guard(() =>
        this.options.client.send(
          new ListObjectsV2Command({
            Bucket: this.options.bucketName,
            Prefix: prefix,
            ContinuationToken: token,
          }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key && !(this.config.indexPrefix && object.Key.startsWith(this.config.indexPrefix)))
          keys.push(object.Key);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  private toRecord(objectKey: string, line: ParsedLine): LocatedRecord {
    const fields = line.fields ?? {};
    const idField = this.config.recordIdField ? fieldValue(fields, this.config.recordIdField) : undefined;
    const recordId = typeof idField === 'string' && idField !== '' ? idField : `${objectKey}#${line.digest}`;
    const record: LocatedRecord = {
      recordId,
      fields,
      location: { bucket: this.config.bucket, object: objectKey, line: line.number },
    };
    const recordDate = recordDateOf(fields, this.options.store.recordDateField);
    if (recordDate) record.recordDate = recordDate;
    return record;
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      throw new StoreUnavailableError(`store ${this.options.store.id} did not answer`, { cause: error });
    }
  }
}

function s3Config(store: DataStore): S3JsonlConnector {
  if (store.connector.type !== 's3-jsonl') {
    throw new ConfigurationError(`store ${store.id} does not use the s3-jsonl connector`);
  }
  return store.connector;
}

/** Match fields grouped by the identifier kind the data map gives them. */
function matchedFields(store: DataStore): { kind: MatchedKind; fields: string[] }[] {
  const config = s3Config(store);
  return MATCHED_KINDS.flatMap((kind) => {
    const fields = (store.identifiers[kind] ?? []).filter((f) => config.matchFields.includes(f));
    return fields.length > 0 ? [{ kind, fields }] : [];
  });
}

function matches(fields: Record<string, unknown>, probes: readonly Probe[]): boolean {
  return probes.some((probe) =>
    probe.fields.some((field) => {
      const value = fieldValue(fields, field);
      return typeof value === 'string' && normaliseIdentifier(probe.kind, value) === probe.value;
    }),
  );
}

interface ParsedLine {
  raw: string;
  /** 1-based line number in the object as read. */
  number: number;
  /**
   * Content digest, with a suffix for repeated identical lines: a record id that stays the same
   * when other lines of the object are removed (a line number would shift and could then point
   * at another person's line).
   */
  digest: string;
  fields?: Record<string, unknown>;
}

function parseLines(body: string): ParsedLine[] {
  const lines: ParsedLine[] = [];
  const occurrences = new Map<string, number>();
  body.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const hash = createHash('sha256').update(raw).digest('hex').slice(0, 16);
    const n = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, n);
    const line: ParsedLine = { raw, number: i + 1, digest: n === 1 ? hash : `${hash}-${n}` };
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
        line.fields = parsed as Record<string, unknown>;
      }
    } catch {
      // Not JSON: kept byte for byte, never matched.
    }
    lines.push(line);
  });
  return lines;
}

function parseIndex(body: string): IndexDocument {
  try {
    const parsed = JSON.parse(body) as Partial<IndexDocument>;
    return {
      objects: Array.isArray(parsed.objects) ? parsed.objects.filter((k) => typeof k === 'string') : [],
    };
  } catch (error) {
    throw new ConfigurationError('an index object of an s3-jsonl store is not valid JSON', { cause: error });
  }
}

/** Runs `job` over `items`, a few at a time. */
async function inParallel<T>(items: readonly T[], job: (item: T) => Promise<void>, limit = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await job(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** A line with the fields its plan names overwritten: an anonymised record, or one kept under a hold. */
function anonymisedLine(
  fields: Record<string, unknown>,
  action: Extract<RecordErasure, { action: 'anonymise' | 'retain' }>,
): string {
  const copy = structuredClone(fields);
  for (const field of action.action === 'anonymise' ? action.fields : action.anonymiseFields)
    setFieldValue(copy, field, ANONYMISED_VALUE);
  return JSON.stringify(copy);
}
