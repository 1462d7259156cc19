import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError } from '../core/errors';
import { secretsManager } from './clients/secrets-manager';

/** Long enough to spare Secrets Manager a call per request, short enough for a rotated value to arrive. */
const CACHE_MS = 5 * 60_000;
const cache = new Map<string, { value: Promise<string>; until: number }>();

/**
 * A secret read at run time from Secrets Manager by its ARN (the function's configuration holds
 * the ARN, e.g. `SUBJECT_KEY_SECRET_ARN`), cached in the process. Keys never sit in a function's
 * configuration, where anyone allowed to read it (lambda:GetFunctionConfiguration) would see them.
 */
export async function readSecret(arn: string): Promise<string> {
  const now = Date.now();
  const cached = cache.get(arn);
  if (cached && cached.until > now) return cached.value;
  const value = secretsManager()
    .send(new GetSecretValueCommand({ SecretId: arn }))
    .then((result) => {
      if (!result.SecretString) throw new ConfigurationError(`secret ${arn} holds no text`);
      return result.SecretString;
    });
  cache.set(arn, { value, until: now + CACHE_MS });
  // A failed read is not kept: the next request asks again.
  value.catch(() => {
    if (cache.get(arn)?.value === value) cache.delete(arn);
  });
  return value;
}
