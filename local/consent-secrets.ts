import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashApiKey } from '../functions/core/consent-api';

/**
 * The local stack's demo API key for the consent API: send `x-api-key: local-demo-consent-api-key`
 * to `http://127.0.0.1:3000/consents`. Local only; on AWS the accepted keys' SHA-256 hashes come
 * from the `ConsentApiKeys` secret.
 */
export const LOCAL_CONSENT_API_KEY = 'local-demo-consent-api-key';

/**
 * `CONSENT_API_KEYS` and `UNSUBSCRIBE_SECRETS` for the local handlers. The unsubscribe secret is
 * kept with the data (like the subject key secret), so links minted before a restart still work.
 */
export function localConsentEnv(dataDir: string): Record<string, string> {
  const file = path.join(dataDir, 'unsubscribe-secret.json');
  let secret: string;
  if (existsSync(file)) {
    secret = (JSON.parse(readFileSync(file, 'utf8')) as { secret: string }).secret;
  } else {
    secret = randomBytes(32).toString('hex');
    writeFileSync(file, JSON.stringify({ secret }), { mode: 0o600 });
  }
  return { CONSENT_API_KEYS: hashApiKey(LOCAL_CONSENT_API_KEY), UNSUBSCRIBE_SECRETS: secret };
}
