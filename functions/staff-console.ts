import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { functionConfig, optional } from './adapters/config';
import { httpHandler } from './adapters/http-edge';

/** The console's files: built by esbuild next to the handler (CDK bundling) or by the local stack. */
const ASSETS: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

export const config = functionConfig({
  COGNITO_CLIENT_ID: optional(),
  COGNITO_DOMAIN: optional(),
  /** Where the local stack built the console; on Lambda the files sit beside the handler. */
  CONSOLE_ASSETS_DIR: optional(),
  /** The local stack's sign-in, when there is no Cognito. */
  CONSOLE_AUTH: optional(),
  /** Set by the Lambda runtime: the folder of the deployed bundle. */
  LAMBDA_TASK_ROOT: optional(),
});

function assetsDir(): string {
  const { CONSOLE_ASSETS_DIR, LAMBDA_TASK_ROOT } = config();
  return CONSOLE_ASSETS_DIR ?? path.join(LAMBDA_TASK_ROOT ?? process.cwd(), 'console');
}

/** What the page needs to sign in: the local cookie sign-in, or Cognito's hosted sign-in (PKCE). */
function clientConfig() {
  const { COGNITO_DOMAIN: domain, COGNITO_CLIENT_ID, CONSOLE_AUTH } = config();
  return domain
    ? { auth: 'cognito', domain, clientId: COGNITO_CLIENT_ID ?? '' }
    : { auth: CONSOLE_AUTH ?? 'local' };
}

function securityHeaders(): Record<string, string> {
  const cognito = config().COGNITO_DOMAIN;
  return {
    // Scripts and styles only from this origin, no inline code: injected markup cannot run.
    'content-security-policy': [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      `connect-src 'self'${cognito ? ` ${cognito}` : ''}`,
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** Serves the staff console's static shell; all data comes from the signed-in `/api` routes. */
export const handler = httpHandler({ name: 'staff console', maxBodyBytes: 1024 }, async (event) => {
  const asset = event.pathParameters.asset ?? 'index.html';
  const headers = securityHeaders();
  if (asset === 'config.json') {
    return {
      statusCode: 200,
      headers: { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify(clientConfig()),
    };
  }
  const type = ASSETS[asset];
  if (!type)
    return { statusCode: 404, headers: { ...headers, 'content-type': 'text/plain' }, body: 'Not found' };
  const body = await readFile(path.join(assetsDir(), asset), 'utf8');
  return {
    statusCode: 200,
    headers: { ...headers, 'content-type': type, 'cache-control': 'no-cache' },
    body,
  };
});
