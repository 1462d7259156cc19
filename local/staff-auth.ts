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

/** Sessions ended by sign-out, by token id, until their token would have expired anyway. */
const endedSessions = new Map<string, number>();

/** Failed sign-ins per source address: past the limit, the source waits out the window. */
export const SIGN_IN_LIMITS = { failures: 5, windowMs: 15 * 60_000 } as const;
const failedSignIns = new Map<string, { count: number; since: number }>();

function signInBlocked(source: string, now: number): boolean {
  const entry = failedSignIns.get(source);
  if (entry && now - entry.since >= SIGN_IN_LIMITS.windowMs) failedSignIns.delete(source);
  return (failedSignIns.get(source)?.count ?? 0) >= SIGN_IN_LIMITS.failures;
}

function countFailedSignIn(source: string, now: number): void {
  const entry = failedSignIns.get(source) ?? { count: 0, since: now };
  failedSignIns.set(source, { ...entry, count: entry.count + 1 });
}

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
    jti: randomBytes(16).toString('base64url'),
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
  if (typeof claims.jti !== 'string' || endedSessions.has(claims.jti)) return undefined;
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

function presentedToken(req: IncomingMessage): string | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  return bearer ?? cookieValue(req, SESSION_COOKIE);
}

/** The local JWT authorizer: the session cookie (browser) or a Bearer token (command line). */
export function authorizeLocal(req: IncomingMessage): Record<string, string> | undefined {
  const token = presentedToken(req);
  return token ? verifyToken(token) : undefined;
}

/** Ends a session for good: its token is refused from now on, cookie or Bearer. */
function endSession(token: string | undefined, now: number): void {
  const claims = token ? verifyToken(token, now) : undefined;
  if (!claims?.jti) return;
  for (const [id, exp] of endedSessions) if (exp * 1000 <= now) endedSessions.delete(id);
  endedSessions.set(claims.jti, Number(claims.exp));
}

/**
 * Whether the browser reached the stack over TLS: a TLS socket, a proxy that says so, or a stack
 * whose public address is https. Then the cookie is Secure and never travels in clear text.
 */
function servedOverTls(req: IncomingMessage): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    ?.trim()
    .toLowerCase();
  if (forwarded === 'https') return true;
  return (process.env.PUBLIC_BASE_URL ?? '').toLowerCase().startsWith('https://');
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
  const secure = servedOverTls(req);
  const now = Date.now();
  if (url.pathname === '/local/logout') {
    endSession(presentedToken(req), now);
    reply(200, { signedOut: true }, sessionCookie('', 0, secure));
    return true;
  }
  const source = req.socket.remoteAddress ?? 'unknown';
  if (signInBlocked(source, now)) {
    res.writeHead(429, { ...JSON_HEADERS, 'retry-after': String(SIGN_IN_LIMITS.windowMs / 1000) });
    res.end(JSON.stringify({ message: 'too many failed sign-ins from here: try again in 15 minutes' }));
    return true;
  }
  const body = await readJson(req);
  const user = loadUsers().find((u) => u.username === body.username);
  // The same answer for an unknown user and a wrong password.
  if (!user || typeof body.password !== 'string' || !verifyPassword(body.password, user.passwordHash)) {
    countFailedSignIn(source, now);
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
