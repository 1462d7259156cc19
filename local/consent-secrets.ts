import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashApiKey } from '../functions/core/consents/consent-api';

/**
 * The local stack's demo API key for the consent API: send `x-api-key: local-demo-consent-api-key`
 * to `http://127.0.0.1:3000/consents`. Local only; on AWS the accepted keys' SHA-256 hashes come
 * from the `ConsentApiKeys` secret.
 */
export const LOCAL_CONSENT_API_KEY = 'local-demo-consent-api-key';

/**
 * The consent API's accepted key hashes and the unsubscribe link secret, for the local Secrets
 * Manager. The unsubscribe secret is kept with the data (like the subject key secret), so links
 * minted before a restart still work.
 */
export function localConsentSecrets(dataDir: string): { consentApiKeyHashes: string; unsubscribe: string } {
  const file = path.join(dataDir, 'unsubscribe-secret.json');
  let secret: string;
  if (existsSync(file)) {
    secret = (JSON.parse(readFileSync(file, 'utf8')) as { secret: string }).secret;
  } else {
    secret = randomBytes(32).toString('hex');
    writeFileSync(file, JSON.stringify({ secret }), { mode: 0o600 });
  }
  return { consentApiKeyHashes: hashApiKey(LOCAL_CONSENT_API_KEY), unsubscribe: secret };
}
