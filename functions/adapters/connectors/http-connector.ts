import type {
  Connector,
  EraseOutcome,
  LocatedRecord,
  SubjectIdentifiers,
} from '../../core/collection/connector';
import { StoreUnavailableError } from '../../core/collection/connector';
import type { DataStore, HttpConnector } from '../../core/datamap';
import type { StoreErasurePlan } from '../../core/erasure/erasure-plan';
import { ConfigurationError } from '../../core/errors';
import { normaliseEmail } from '../../core/request/subject-key';
import { fieldValue, recordDateOf } from './connector-support';

export interface HttpConnectorOptions {
  store: DataStore;
  /** The API root; the data map's `baseUrl` unless the deployment points elsewhere. */
  baseUrl: string;
  /** The auth header's value, read when a call is made (a rotated secret is picked up). */
  authHeaderValue: () => Promise<string>;
  /** Per call (default 5000 ms). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A SaaS-style REST API described by the data map: a search endpoint by e-mail and a delete
 * endpoint by record id (ARCHITECTURE.md §7). Connection failures, timeouts, 429 and 5xx answers, and a
 * refused credential become `StoreUnavailableError`, which the workflow retries and then records
 * as `failed` for this store only. A delete answered 404 is a delete already done (retries).
 * The API has no update endpoint, so anonymising is left to staff.
 */
export class HttpStoreConnector implements Connector {
  private readonly config: HttpConnector;

  constructor(private readonly options: HttpConnectorOptions) {
    if (options.store.connector.type !== 'http') {
      throw new ConfigurationError(`store ${options.store.id} does not use the http connector`);
    }
    this.config = options.store.connector;
  }

  async find(subject: SubjectIdentifiers): Promise<LocatedRecord[]> {
    const path = this.config.searchPath.replaceAll(
      '{email}',
      encodeURIComponent(normaliseEmail(subject.email)),
    );
    const response = await this.call('GET', path);
    if (response.status === 404) return [];
    if (!response.ok) throw this.unexpected(response.status);
    const body = await this.json(response);
    const idField = this.config.recordIdField ?? 'id';
    const email = normaliseEmail(subject.email);
    const emailFields = this.options.store.identifiers.email ?? [];
    return resultList(body)
      .filter((fields) =>
        // A search API may match loosely (prefixes, other fields): keep exact matches only.
        emailFields.some((f) => {
          const value = fieldValue(fields, f);
          return typeof value === 'string' && normaliseEmail(value) === email;
        }),
      )
      .map((fields) => {
        const id = fieldValue(fields, idField);
        if (typeof id !== 'string' && typeof id !== 'number') {
          throw new StoreUnavailableError(
            `store ${this.options.store.id} returned a result without "${idField}"`,
          );
        }
        const recordId = String(id);
        const record: LocatedRecord = {
          recordId,
          fields,
          location: { api: this.options.store.id, path: this.deletePath(recordId) },
        };
        const recordDate = recordDateOf(fields, this.options.store.recordDateField);
        if (recordDate) record.recordDate = recordDate;
        return record;
      });
  }

  async erase(_subject: SubjectIdentifiers, plan: StoreErasurePlan): Promise<EraseOutcome> {
    const outcome: EraseOutcome = {
      storeId: plan.storeId,
      deleted: [],
      anonymised: [],
      retained: [],
      manual: [],
    };
    for (const record of plan.records) {
      if (record.action === 'delete') {
        const response = await this.call('DELETE', this.deletePath(record.recordId));
        if (response.ok || response.status === 404 || response.status === 410)
          outcome.deleted.push(record.recordId);
        else throw this.unexpected(response.status);
        await response.body?.cancel();
      } else if (record.action === 'retain' && record.anonymiseFields.length === 0) {
        outcome.retained.push(record.recordId);
      } else {
        outcome.manual.push(record.recordId);
      }
    }
    return outcome;
  }

  private deletePath(recordId: string): string {
    return this.config.deletePath.replaceAll('{id}', encodeURIComponent(recordId));
  }

  private async call(method: 'GET' | 'DELETE', path: string): Promise<Response> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
    let credential: string;
    try {
      credential = await this.options.authHeaderValue();
    } catch (error) {
      // Secrets Manager out of reach is an outage like the API's own: retried, then failed for this store.
      throw new StoreUnavailableError(`store ${this.options.store.id}: its credential could not be read`, {
        cause: error,
      });
    }
    const headers = {
      [this.config.authHeaderName ?? 'Authorization']: credential,
      accept: 'application/json',
    };
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method,
        headers,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      // Refused, reset, DNS, timeout: the message names the URL, so only the store goes in ours.
      throw new StoreUnavailableError(`store ${this.options.store.id} did not answer`, { cause: error });
    }
    if (
      response.status === 401 ||
      response.status === 403 ||
      response.status === 429 ||
      response.status >= 500
    ) {
      await response.body?.cancel();
      throw new StoreUnavailableError(`store ${this.options.store.id} answered ${response.status}`);
    }
    return response;
  }

  private async json(response: Response): Promise<unknown> {
    try {
      return await response.json();
    } catch (error) {
      throw new StoreUnavailableError(`store ${this.options.store.id} returned invalid JSON`, {
        cause: error,
      });
    }
  }

  private unexpected(status: number): StoreUnavailableError {
    return new StoreUnavailableError(`store ${this.options.store.id} answered ${status}`);
  }
}

/** A bare array, or the first array among the common envelope fields. */
function resultList(body: unknown): Record<string, unknown>[] {
  const list = Array.isArray(body)
    ? body
    : body !== null && typeof body === 'object'
      ? (['data', 'items', 'results', 'records']
          .map((k) => (body as Record<string, unknown>)[k])
          .find(Array.isArray) ?? [])
      : [];
  return (list as unknown[]).filter(
    (item): item is Record<string, unknown> =>
      item !== null && typeof item === 'object' && !Array.isArray(item),
  );
}
