import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger (Powertools): flat JSON lines with correlation keys only. Callers pass ids
 * and outcomes, never addresses, names or message text (no personal data in logs). Powertools
 * writes through its own console on raw stdout, so with Lambda's JSON log format each line stays
 * one flat record instead of landing inside Lambda's `message` field.
 */
type Fields = Record<string, string | number | boolean | undefined | null>;

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'privacy-desk' });

/**
 * An invocation's correlation keys (function, Lambda request id, the desk's request id). Kept per
 * async context rather than on the shared logger: on Lambda that is the same thing, while the
 * local stack runs many functions' invocations at once in one process, and each line must still
 * name its own.
 */
const invocationKeys = new AsyncLocalStorage<Fields>();

const withKeys = (fields: Fields): Fields => ({ ...invocationKeys.getStore(), ...fields });

export const log = {
  info: (message: string, fields: Fields = {}) => logger.info(message, withKeys(fields)),
  warn: (message: string, fields: Fields = {}) => logger.warn(message, withKeys(fields)),
  error: (message: string, fields: Fields = {}) => logger.error(message, withKeys(fields)),
};

/** Runs `work` with correlation keys on every line it logs (ids only, never personal data). */
export function withLogKeys<T>(keys: Fields, work: () => Promise<T>): Promise<T> {
  return invocationKeys.run({ ...invocationKeys.getStore(), ...keys }, work);
}

/** An error's name and message are safe to log only as a name; messages may quote input. */
export function errorFields(error: unknown): Fields {
  return { errorName: error instanceof Error ? error.name : typeof error };
}
