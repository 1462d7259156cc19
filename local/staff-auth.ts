import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/**
 * Local sign-in for the staff console: users from `config/local-users.json` with scrypt-hashed
 * passwords, a signed token in an HttpOnly SameSite=Strict cookie, and an authorizer that hands the
 * handler the same `requestContext.authorizer.jwt.claims` API Gateway's JWT authorizer would.
 * Local only: on AWS, Cognito signs the tokens and API Gateway checks them.
 */

export const SESSION_COOKIE = 'pd_session';
const SESSION_SECONDS = 8 * 3600;
const CSRF_HEADER = 'x-privacy-desk-csrf';
const USERS_FILE = path.resolve(import.meta.dirname, '..', 'config', 'local-users.json');

interface LocalUser {
  username: string;
  name?: string;
  groups: string[];
  passwordHash: string;
}

/** Per process: a restart signs everyone out, which is what a local stack should do. */
const signingKey = randomBytes(32);

function loadUsers(): LocalUser[] {
  return (JSON.parse(readFileSync(USERS_FILE, 'utf8')) as { users: LocalUser[] }).users;
}

/** `scrypt$N$r$p$salt$hash` (base64url), compared in constant time. */
export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = scryptSync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const mac = (data: string) => createHmac('sha256', signingKey).update(data).digest('base64url');

/** A compact HS256 JWT with Cognito's claim names. */
export function signToken(user: Pick<LocalUser, 'username' | 'groups'>, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
    sub: user.username,
    'cognito:username': user.username,
    'cognito:groups': user.groups,
    token_use: 'id',
    iss: 'privacy-desk-local',
    iat,
    exp: iat + SESSION_SECONDS,
  })}`;
  return `${body}.${mac(body)}`;
}

/** The claims of a valid, unexpired token, as API Gateway passes them: every value a string, lists as `[a b]`. */
export function verifyToken(token: string, now = Date.now()): Record<string, string> | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  const expected = Buffer.from(mac(`${header}.${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now) return undefined;
  return Object.fromEntries(
    Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]),
  );
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(/;\s*/)) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return undefined;
}

/** The local JWT authorizer: the session cookie (browser) or a Bearer token (command line). */
export function authorizeLocal(req: IncomingMessage): Record<string, string> | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = bearer ?? cookieValue(req, SESSION_COOKIE);
  return token ? verifyToken(token) : undefined;
}

function sessionCookie(token: string, maxAge: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 10_000) throw Object.assign(new Error('Request Entity Too Large'), { status: 413 });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

/**
 * `POST /local/login` ({username, password}) and `POST /local/logout`. Both need the CSRF header, so
 * another site cannot sign a browser in or out. Returns false for any other path.
 */
export async function handleLocalSignIn(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/local/login' && url.pathname !== '/local/logout') return false;
  const reply = (status: number, body: unknown, cookie?: string) => {
    res.writeHead(status, { ...JSON_HEADERS, ...(cookie ? { 'set-cookie': cookie } : {}) });
    res.end(JSON.stringify(body));
  };
  if (req.method !== 'POST') {
    reply(405, { message: 'Method Not Allowed' });
    return true;
  }
  if (req.headers[CSRF_HEADER] !== '1') {
    reply(403, { message: `the ${CSRF_HEADER} header is required` });
    return true;
  }
  const secure = (req.headers['x-forwarded-proto'] ?? '') === 'https';
  if (url.pathname === '/local/logout') {
    reply(200, { signedOut: true }, sessionCookie('', 0, secure));
    return true;
  }
  const body = await readJson(req);
  const user = loadUsers().find((u) => u.username === body.username);
  // The same answer for an unknown user and a wrong password.
  if (!user || typeof body.password !== 'string' || !verifyPassword(body.password, user.passwordHash)) {
    reply(401, { message: 'wrong user name or password' });
    return true;
  }
  reply(
    200,
    { username: user.username, name: user.name, groups: user.groups },
    sessionCookie(signToken(user), SESSION_SECONDS, secure),
  );
  return true;
}
