/** Shared by the connectors: field access by dotted path, record dates, error classification. */

import { valueAtPath } from '../../core/erasure/erasure-plan';

/** The value at a field name or dotted path, as the erasure plan reads it. */
export const fieldValue = valueAtPath;

/** Writes a value at a field name or dotted path, creating nothing that is not there. */
export function setFieldValue(fields: Record<string, unknown>, path: string, value: unknown): void {
  if (path in fields || !path.includes('.')) {
    if (path in fields) fields[path] = value;
    return;
  }
  const parts = path.split('.');
  let current: unknown = fields;
  for (const key of parts.slice(0, -1)) {
    if (current === null || typeof current !== 'object') return;
    current = (current as Record<string, unknown>)[key];
  }
  const last = parts.at(-1);
  if (last !== undefined && current !== null && typeof current === 'object' && last in current) {
    (current as Record<string, unknown>)[last] = value;
  }
}

/** The record's date from the store's `recordDateField`, when it holds a usable date. */
export function recordDateOf(
  fields: Record<string, unknown>,
  recordDateField: string | undefined,
): string | undefined {
  if (!recordDateField) return undefined;
  const value = fieldValue(fields, recordDateField);
  if (typeof value !== 'string' || value === '') return undefined;
  // Kept as stored (date or date-time): the erasure plan validates it and asks staff when it cannot.
  return value;
}

export function isConditionFailure(error: unknown): boolean {
  return (error as Error)?.name === 'ConditionalCheckFailedException';
}

/** Network failures, throttling and server errors: worth a retry later. Validation errors are bugs. */
export function isUnavailable(error: unknown): boolean {
  const e = error as {
    name?: string;
    code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  if (e?.$retryable) return true;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(e?.code ?? '') ||
    [
      'TimeoutError',
      'AbortError',
      'ProvisionedThroughputExceededException',
      'ThrottlingException',
      'RequestLimitExceeded',
      'SlowDown',
      'ServiceUnavailable',
      'InternalError',
    ].includes(e?.name ?? '')
  );
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
