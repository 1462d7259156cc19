import { Logger } from '@aws-lambda-powertools/logger';
import { invocationKeys } from './log-keys';

/**
 * One structured logger (Powertools): flat JSON lines with correlation keys only. Callers pass ids
 * and outcomes, never addresses, names or message text (no personal data in logs). Powertools
 * writes through its own console on raw stdout, so with Lambda's JSON log format each line stays
 * one flat record instead of landing inside Lambda's `message` field.
 */
type Fields = Record<string, string | number | boolean | undefined | null>;

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'privacy-desk' });

const withKeys = (fields: Fields): Fields => ({ ...invocationKeys.getStore(), ...fields });

export const log = {
  info: (message: string, fields: Fields = {}) => logger.info(message, withKeys(fields)),
  warn: (message: string, fields: Fields = {}) => logger.warn(message, withKeys(fields)),
  error: (message: string, fields: Fields = {}) => logger.error(message, withKeys(fields)),
};

/** An error's name and message are safe to log only as a name; messages may quote input. */
export function errorFields(error: unknown): Fields {
  return { errorName: error instanceof Error ? error.name : typeof error };
}
