import { createHash, randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
} from '@aws-sdk/lib-dynamodb';
import {
  applyChange,
  assertChangeAllowed,
  assertSubjectKey,
  CONSENT_PURPOSES,
  type ConsentChange,
  type ConsentLedger,
  type ConsentPurpose,
  type ConsentRecordResult,
  type ConsentState,
  type ConsentStatus,
  compareChanges,
  deriveState,
  isConsentPurpose,
  noConsentState,
  parseConsentChange,
  type RecordedConsentChange,
} from '../core/consents/consents';
import { ConflictError } from '../core/errors';
import { dynamo, queryAll } from './clients/dynamodb';

/**
 * The consent ledger on the `Consents` table (ARCHITECTURE.md §3), with single-item conditional writes
 * only: the history is written first, so no transaction is needed for it to be complete.
 *
 * Keys, all under `pk = SUBJ#<subjectKey>` (an HMAC, never an address):
 * - `PURPOSE#<purpose>`: current state (status, since, version, lastChangeAt, textVersion).
 * - `HIST#<purpose>#<at>#<suffix>`: one append-only item per change; `at` is UTC ISO with
 *   milliseconds, so the sort key orders by time. The suffix is random, or derived from the
 *   idempotency key so a retry rewrites the very same item.
 * - `IDEM#<sha256 of idempotency key>`: claims the key and remembers the original change.
 *
 * Recording a change: (1) read the state and refuse a `given` an objection blocks; (2) claim the
 * idempotency key, if any; (3) append the history item; (4) fold the change into the state with a
 * put conditional on the version read. The history is written before the state, so it is always
 * the complete record; when a state write loses a race it re-reads and tries again. A change newer
 * than everything in the state is applied to it directly; an older one, or a tie, re-derives the
 * state from the whole history of the purpose. A retried call with the same idempotency key writes
 * nothing twice, and re-derives the state if the first attempt stopped before step (4).
 */

export type { ConsentRecordResult, RecordedConsentChange } from '../core/consents/consents';

export interface ConsentStoreOptions {
  /** Defaults to the shared document client from `clients.ts`, resolved at first use. */
  readonly client?: DynamoDBDocumentClient;
  /** State writes tried before giving up under contention. Default 16. */
  readonly maxStateWriteAttempts?: number;
  /** Clock for `recordedAt` and the future-date check. */
  readonly now?: () => Date;
}

export class ConsentStoreError extends Error {
  override name = 'ConsentStoreError';
}

/** The state write lost every race it was given; the change itself is already in the history. */
export class ConcurrentConsentUpdateError extends ConflictError {
  override name = 'ConcurrentConsentUpdateError';
}

/** An idempotency key came back with a different change: a client bug, refused rather than guessed. */
export class IdempotencyKeyReusedError extends ConflictError {
  override name = 'IdempotencyKeyReusedError';
}

type Item = Record<string, unknown>;

const subjectPk = (subjectKey: string) => `SUBJ#${subjectKey}`;
const stateSk = (purpose: ConsentPurpose) => `PURPOSE#${purpose}`;
const historyPrefix = (purpose?: ConsentPurpose) => (purpose ? `HIST#${purpose}#` : 'HIST#');
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function stateFromItem(item: Item): ConsentState | undefined {
  const { purpose, status, since, version, lastChangeAt, textVersion } = item;
  if (!isConsentPurpose(purpose) || typeof version !== 'number') return undefined;
  return {
    purpose,
    status: status as ConsentStatus,
    since: optionalString(since),
    version,
    lastChangeAt: optionalString(lastChangeAt),
    textVersion: optionalString(textVersion),
  };
}

function changeFromItem(item: Item): RecordedConsentChange | undefined {
  const { purpose, kind, at, channel, textVersion, requestId, evidence, idempotencyKey, recordedAt } = item;
  if (!isConsentPurpose(purpose) || typeof at !== 'string') return undefined;
  return {
    purpose,
    kind: kind as ConsentChange['kind'],
    at,
    channel: channel as ConsentChange['channel'],
    textVersion: optionalString(textVersion),
    requestId: optionalString(requestId),
    evidence: evidence as Record<string, string> | undefined,
    idempotencyKey: optionalString(idempotencyKey),
    recordedAt: optionalString(recordedAt) ?? at,
  };
}

function sameChange(a: ConsentChange, b: ConsentChange): boolean {
  return a.purpose === b.purpose && a.kind === b.kind && a.channel === b.channel;
}

const MAX_BACKOFF_MS = 500;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class DynamoDbConsentStore implements ConsentLedger {
  private readonly maxStateWriteAttempts: number;
  private readonly now: () => Date;

  constructor(
    private readonly tableName: string,
    private readonly options: ConsentStoreOptions = {},
  ) {
    this.maxStateWriteAttempts = options.maxStateWriteAttempts ?? 16;
    this.now = options.now ?? (() => new Date());
  }

  private get client(): DynamoDBDocumentClient {
    return this.options.client ?? dynamo();
  }

  /**
   * Records one change and returns the resulting state. Throws `ValidationError` for bad input,
   * `ObjectionInForceError` for a `given` an objection blocks (nothing written), and
   * `IdempotencyKeyReusedError` when the key was used for a different change.
   */
  async record(subjectKey: string, input: ConsentChange): Promise<ConsentRecordResult> {
    assertSubjectKey(subjectKey);
    const change = parseConsentChange(input, this.now());
    const pk = subjectPk(subjectKey);
    const before = await this.readState(pk, change.purpose);
    assertChangeAllowed(before, change);

    const fresh: RecordedConsentChange = { ...change, recordedAt: this.now().toISOString() };
    const { entry, historySk, duplicate } = await this.claim(pk, fresh);
    const appended = await this.conditionalPut({
      TableName: this.tableName,
      Item: { ...entry, pk, sk: historySk },
    });
    // A random sort key is new by construction: an item already there means something is badly wrong.
    if (!appended && entry.idempotencyKey === undefined) {
      throw new ConsentStoreError('history item already exists for a fresh change');
    }
    const state = await this.foldIntoState(subjectKey, entry, before, duplicate);
    return { state, change: entry, duplicate };
  }

  /** The state of every known purpose; purposes without any change are `none` at version 0. */
  async current(subjectKey: string): Promise<Record<ConsentPurpose, ConsentState>> {
    assertSubjectKey(subjectKey);
    const states = Object.fromEntries(
      CONSENT_PURPOSES.map((purpose) => [purpose, noConsentState(purpose)]),
    ) as Record<ConsentPurpose, ConsentState>;
    for (const item of await this.queryPrefix(subjectPk(subjectKey), 'PURPOSE#')) {
      const state = stateFromItem(item);
      if (state) states[state.purpose] = state;
    }
    return states;
  }

  /** Every recorded change of the subject (or of one purpose), oldest first. */
  async history(subjectKey: string, purpose?: ConsentPurpose): Promise<RecordedConsentChange[]> {
    assertSubjectKey(subjectKey);
    const items = await this.queryPrefix(subjectPk(subjectKey), historyPrefix(purpose));
    const changes = items.map(changeFromItem).filter((change) => change !== undefined);
    return changes.sort((a, b) => compareChanges(a, b) || a.recordedAt.localeCompare(b.recordedAt));
  }

  /** Re-derives one purpose's state from its history: the repair for an interrupted write. */
  async reconcile(subjectKey: string, purpose: ConsentPurpose): Promise<ConsentState> {
    assertSubjectKey(subjectKey);
    const pk = subjectPk(subjectKey);
    const [latest] = (await this.history(subjectKey, purpose)).slice(-1);
    if (latest === undefined) return noConsentState(purpose);
    return this.foldIntoState(subjectKey, latest, await this.readState(pk, purpose), true);
  }

  /** Claims the idempotency key, or finds the change that claimed it first. */
  private async claim(
    pk: string,
    fresh: RecordedConsentChange,
  ): Promise<{ entry: RecordedConsentChange; historySk: string; duplicate: boolean }> {
    const base = `${historyPrefix(fresh.purpose)}${fresh.at}#`;
    if (fresh.idempotencyKey === undefined) {
      return { entry: fresh, historySk: `${base}${randomUUID()}`, duplicate: false };
    }
    const keyHash = sha256Hex(fresh.idempotencyKey);
    const markerKey = { pk, sk: `IDEM#${keyHash}` };
    const historySk = `${base}${keyHash.slice(0, 24)}`;
    const claimed = await this.conditionalPut({
      TableName: this.tableName,
      Item: { ...markerKey, historySk, change: fresh },
    });
    if (claimed) return { entry: fresh, historySk, duplicate: false };

    const marker = await this.get({ TableName: this.tableName, Key: markerKey, ConsistentRead: true });
    const original = marker?.change as RecordedConsentChange | undefined;
    if (!original || typeof marker?.historySk !== 'string') {
      throw new ConsentStoreError('idempotency marker without its change');
    }
    if (!sameChange(original, fresh)) {
      throw new IdempotencyKeyReusedError('idempotency key already used for a different consent change');
    }
    return { entry: original, historySk: marker.historySk, duplicate: true };
  }

  /**
   * Makes the state include `entry`, which is already in the history. Optimistic concurrency:
   * each write is conditional on the version read. The first try applies a change newer than the
   * state directly; a lost race re-reads and re-derives from the history, which folds in every
   * other writer's pending change too, so under contention writers help each other finish.
   */
  private async foldIntoState(
    subjectKey: string,
    entry: RecordedConsentChange,
    firstRead: ConsentState | undefined,
    reconcile: boolean,
  ): Promise<ConsentState> {
    const pk = subjectPk(subjectKey);
    let current = firstRead;
    for (let attempt = 0; attempt < this.maxStateWriteAttempts; attempt++) {
      if (attempt > 0) {
        // Full jitter, growing: writers to one purpose spread out instead of colliding again.
        await pause(Math.random() * Math.min(MAX_BACKOFF_MS, 5 * 2 ** attempt));
        current = await this.readState(pk, entry.purpose);
      }
      const newest =
        current === undefined || (current.lastChangeAt !== undefined && entry.at > current.lastChangeAt);
      let next: ConsentState;
      if (attempt === 0 && !reconcile && newest) {
        next = applyChange(current, entry);
      } else {
        const derived = deriveState(await this.history(subjectKey, entry.purpose));
        if (derived === undefined) throw new ConsentStoreError('history missing for a recorded change');
        // A version counts folded changes and history only grows, so a state at least as new as
        // the history read already contains every change in it, this one included.
        if (current !== undefined && current.version >= derived.version) return current;
        next = derived;
      }
      const written = await this.conditionalPut(
        {
          TableName: this.tableName,
          Item: { ...next, pk, sk: stateSk(entry.purpose), updatedAt: this.now().toISOString() },
        },
        current === undefined ? undefined : current.version,
      );
      if (written) return next;
    }
    throw new ConcurrentConsentUpdateError(
      `state of ${entry.purpose} still contended after ${this.maxStateWriteAttempts} attempts; the change is in the history`,
    );
  }

  private async readState(pk: string, purpose: ConsentPurpose): Promise<ConsentState | undefined> {
    const item = await this.get({
      TableName: this.tableName,
      Key: { pk, sk: stateSk(purpose) },
      ConsistentRead: true,
    });
    return item ? stateFromItem(item) : undefined;
  }

  private async get(input: GetCommandInput): Promise<Item | undefined> {
    try {
      return (await this.client.send(new GetCommand(input))).Item;
    } catch (error) {
      throw new ConsentStoreError('reading the consents table failed', { cause: error });
    }
  }

  /**
   * A put that only succeeds when the item is absent or, given `expectedVersion`, still at that
   * version. Returns false when the condition failed.
   */
  private async conditionalPut(input: PutCommandInput, expectedVersion?: number): Promise<boolean> {
    const condition: Partial<PutCommandInput> =
      expectedVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': expectedVersion },
          };
    try {
      await this.client.send(new PutCommand({ ...input, ...condition }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new ConsentStoreError('writing the consents table failed', { cause: error });
    }
  }

  private async queryPrefix(pk: string, prefix: string): Promise<Item[]> {
    try {
      return await queryAll(
        {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
          ConsistentRead: true,
        },
        this.client,
      );
    } catch (error) {
      throw new ConsentStoreError('querying the consents table failed', { cause: error });
    }
  }
}
