import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured logger (Powertools): flat JSON lines with correlation keys only. Callers pass ids
 * and outcomes, never addresses, names or message text (no personal data in logs). Powertools
 * writes through its own console on raw stdout, so with Lambda's JSON log format each line stays
 * one flat record instead of landing inside Lambda's `message` field.
 */
type Fields = Record<string, string | number | boolean | undefined | null>;

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'privacy-desk' });

export const log = {
  info: (message: string, fields: Fields = {}) => logger.info(message, fields),
  warn: (message: string, fields: Fields = {}) => logger.warn(message, fields),
  error: (message: string, fields: Fields = {}) => logger.error(message, fields),
};

/** An error's name and message are safe to log only as a name; messages may quote input. */
export function errorFields(error: unknown): Fields {
  return { errorName: error instanceof Error ? error.name : typeof error };
}
