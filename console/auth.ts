/// <reference lib="dom" />
/**
 * Signing in: the local stack's cookie sign-in, or Cognito's hosted sign-in with the authorization
 * code flow and PKCE, whose token stays in this tab.
 */
import { html } from 'htm/preact';
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';

export const CSRF_HEADER = 'x-privacy-desk-csrf';

interface ClientConfig {
  auth: 'local' | 'cognito';
  domain?: string;
  clientId?: string;
}

const TOKEN_KEY = 'privacy-desk-token';
let config: ClientConfig = { auth: 'local' };

function isClientConfig(value: unknown): value is ClientConfig {
  return (
    typeof value === 'object' &&
    value !== null &&
    'auth' in value &&
    (value.auth === 'local' || value.auth === 'cognito')
  );
}

/** Reads how this deployment signs in, and finishes a Cognito sign-in the page returned from. */
export async function loadAuthConfig(): Promise<void> {
  const loaded: unknown = await fetch('/console/config.json').then((r) => r.json());
  if (isClientConfig(loaded)) config = loaded;
  if (config.auth === 'cognito') await finishCognitoSignIn();
}

export const sessionToken = (): string | null =>
  config.auth === 'cognito' ? sessionStorage.getItem(TOKEN_KEY) : null;

function base64url(bytes: ArrayBuffer | Uint8Array): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

const redirectUri = () => `${location.origin}/console`;

async function cognitoSignIn(): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('pkce', JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId ?? '',
    redirect_uri: redirectUri(),
    scope: 'openid email',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  });
  location.assign(`${config.domain}/oauth2/authorize?${query}`);
}

function savedPkce(): { verifier: string; state: string } | undefined {
  const saved: unknown = JSON.parse(sessionStorage.getItem('pkce') ?? 'null');
  if (typeof saved !== 'object' || saved === null) return undefined;
  if (!('verifier' in saved) || !('state' in saved)) return undefined;
  const { verifier, state } = saved;
  return typeof verifier === 'string' && typeof state === 'string' ? { verifier, state } : undefined;
}

async function finishCognitoSignIn(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const saved = savedPkce();
  if (!code || !saved || params.get('state') !== saved.state) return;
  sessionStorage.removeItem('pkce');
  const response = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId ?? '',
      code,
      redirect_uri: redirectUri(),
      code_verifier: saved.verifier,
    }),
  });
  const tokens: unknown = await response.json();
  if (typeof tokens === 'object' && tokens !== null && 'access_token' in tokens) {
    if (typeof tokens.access_token === 'string') sessionStorage.setItem(TOKEN_KEY, tokens.access_token);
  }
  history.replaceState(null, '', '/console#/queue');
}

/** Ends the session; the local sign-in then shows its form again through `signedOut`. */
export async function signOut(signedOut: () => void): Promise<void> {
  if (config.auth === 'cognito') {
    sessionStorage.removeItem(TOKEN_KEY);
    location.assign(
      `${config.domain}/logout?${new URLSearchParams({ client_id: config.clientId ?? '', logout_uri: redirectUri() })}`,
    );
    return;
  }
  await fetch('/local/logout', {
    method: 'POST',
    headers: { [CSRF_HEADER]: '1' },
    credentials: 'same-origin',
  });
  location.hash = '#/queue';
  signedOut();
}

async function localSignIn(username: string, password: string): Promise<boolean> {
  const response = await fetch('/local/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: '1' },
    credentials: 'same-origin',
    body: JSON.stringify({ username, password }),
  });
  return response.ok;
}

export function SignInPage({ signedIn }: { signedIn: () => void }): VNode {
  const [failed, setFailed] = useState(false);
  if (config.auth === 'cognito')
    return html`<div class="card signin">
      <h1>Sign in</h1>
      <p class="muted">Use your company account. Only members of the privacy staff can open requests.</p>
      <button class="primary" onClick=${() => void cognitoSignIn()}>Sign in</button>
    </div>`;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!(event.currentTarget instanceof HTMLFormElement)) return;
    const data = new FormData(event.currentTarget);
    const ok = await localSignIn(String(data.get('username') ?? ''), String(data.get('password') ?? ''));
    if (ok) signedIn();
    else setFailed(true);
  };
  return html`<form class="card signin" id="signin" onSubmit=${submit}>
    <h1>Sign in</h1>
    <p class="muted">Privacy staff only. Every action is recorded with your name.</p>
    <label for="username">User name</label>
    <input id="username" name="username" autocomplete="username" required />
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required />
    <div role="alert">${failed ? html`<p class="error">Wrong user name or password.</p>` : null}</div>
    <button class="primary" type="submit">Sign in</button>
  </form>`;
}

export function NoAccessPage({ signedOut }: { signedOut: () => void }): VNode {
  return html`<div class="card signin">
    <h1>No access</h1>
    <p class="error" role="alert">
      Your account does not have the privacy-staff role. Ask the data protection officer for access.
    </p>
    <button onClick=${() => void signOut(signedOut)}>Sign out</button>
  </div>`;
}
