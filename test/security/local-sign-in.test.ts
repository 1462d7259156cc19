import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMITS } from '../../local/staff-auth';
import { startTestStack, type TestStack } from '../support/stack';
import { CSRF, STAFF_USER, signIn } from '../support/staff';

/**
 * Attacks on the local stack's sign-in: guessing a password, reusing a token after sign-out, and a
 * session cookie that travels in clear text. Defences: failed sign-ins are limited per source,
 * sign-out ends the session on the server, and the cookie is Secure whenever TLS is in the path.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.dispose();
});

const login = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${stack.urls.http}/local/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...CSRF, ...headers },
    body: JSON.stringify(body),
  });

const me = (headers: Record<string, string>) => fetch(`${stack.urls.http}/api/me`, { headers });

describe('local sign-in', () => {
  it('ends the session on the server at sign-out: the same token is refused afterwards, as cookie or Bearer', async () => {
    const cookie = await signIn(stack);
    const token = cookie.slice(cookie.indexOf('=') + 1);
    expect((await me({ cookie })).status).toBe(200);
    const out = await fetch(`${stack.urls.http}/local/logout`, {
      method: 'POST',
      headers: { ...CSRF, cookie },
    });
    expect(out.status).toBe(200);
    // A copy of the cookie taken before sign-out (another tab, a stolen cookie) no longer works.
    expect((await me({ cookie })).status).toBe(401);
    expect((await me({ authorization: `Bearer ${token}` })).status).toBe(401);
    // Another session of the same user is not affected.
    expect((await me({ cookie: await signIn(stack) })).status).toBe(200);
  });

  it('marks the session cookie Secure when TLS is in the path, and not over plain local HTTP', async () => {
    const plain = await login(STAFF_USER);
    expect(plain.headers.get('set-cookie')).not.toMatch(/Secure/);
    const proxied = await login(STAFF_USER, { 'x-forwarded-proto': 'https' });
    expect(proxied.headers.get('set-cookie')).toMatch(/; Secure/);
    const previous = process.env.PUBLIC_BASE_URL;
    process.env.PUBLIC_BASE_URL = 'https://privacy.example.com';
    try {
      const served = await login(STAFF_USER);
      expect(served.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      process.env.PUBLIC_BASE_URL = previous;
    }
  });

  // Last: it spends this process's failed sign-ins for the test's own source address.
  it('refuses sign-in from a source after repeated failures, even with the right password', async () => {
    for (let n = 0; n < SIGN_IN_LIMITS.failures; n++) {
      expect((await login({ username: STAFF_USER.username, password: `guess-${n}` })).status).toBe(401);
    }
    const blocked = await login(STAFF_USER);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe(String(SIGN_IN_LIMITS.windowMs / 1000));
    expect(blocked.headers.get('set-cookie')).toBeNull();
  });
});
