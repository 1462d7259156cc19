/// <reference lib="dom" />
/**
 * The privacy staff's console: a single-page app in preact and htm, whose templates escape every
 * value, so mail bodies, subjects and addresses reach the page as text, never as markup (mail is
 * hostile input). The page shell signs staff in, keeps the header, and shows the page the
 * address names; each page loads its own data from the staff API.
 */
import { html, render } from 'htm/preact';
import type { VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, api, errorText } from './api';
import { loadAuthConfig, NoAccessPage, SignInPage, signOut } from './auth';
import { DashboardPage } from './pages/dashboard';
import { IncidentPage } from './pages/incident';
import { IncidentQueuePage } from './pages/incidents';
import { NotARequestPage } from './pages/not-a-request';
import { QueuePage } from './pages/queue';
import { RequestPage } from './pages/request';
import { RetentionSweepPage } from './pages/retention-sweep';
import { RetentionSweepsPage } from './pages/retention-sweeps';
import { NAV_OF, type Route, routeOf, useHash } from './router';
import { Loading, onPageFailure } from './ui';

type Session =
  | { state: 'checking' }
  | { state: 'signed-in'; username: string }
  | { state: 'signed-out' }
  | { state: 'no-access' };

const NAV: [string, string][] = [
  ['queue', 'Queue'],
  ['not-a-request', 'Not a request'],
  ['incidents', 'Breaches'],
  ['dashboard', 'Dashboard'],
  ['retention', 'Retention'],
];

function Page({ route }: { route: Route }): VNode {
  switch (route.page) {
    case 'request':
      return html`<${RequestPage} id=${route.id} />`;
    case 'not-a-request':
      return html`<${NotARequestPage} />`;
    case 'dashboard':
      return html`<${DashboardPage} />`;
    case 'incidents':
      return html`<${IncidentQueuePage} />`;
    case 'incident':
      return html`<${IncidentPage} id=${route.id} />`;
    case 'retention':
      return html`<${RetentionSweepsPage} />`;
    case 'retention-sweep':
      return html`<${RetentionSweepPage} id=${route.id} />`;
    case 'queue':
      return html`<${QueuePage} />`;
  }
}

function App(): VNode {
  const { hash, visit } = useHash();
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [failure, setFailure] = useState<{ visit: number; message: string }>();
  const check = async () => {
    try {
      const me = await api.me();
      setSession({ state: 'signed-in', username: me.username });
    } catch (error) {
      failed(error);
    }
  };
  const failed = (error: unknown) => {
    if (error instanceof ApiError && error.status === 401) setSession({ state: 'signed-out' });
    else if (error instanceof ApiError && error.status === 403) setSession({ state: 'no-access' });
    else setFailure({ visit, message: errorText(error) });
  };
  onPageFailure(failed);
  useEffect(() => {
    void loadAuthConfig().then(check);
  }, []);

  const route = routeOf(hash);
  const signedOut = () => setSession({ state: 'signed-out' });
  const signedIn = session.state === 'signed-in';
  let content: VNode;
  if (session.state === 'checking') content = html`<${Loading} />`;
  else if (session.state === 'signed-out') content = html`<${SignInPage} signedIn=${() => void check()} />`;
  else if (session.state === 'no-access') content = html`<${NoAccessPage} signedOut=${signedOut} />`;
  else if (failure && failure.visit === visit)
    content = html`<p class="error" role="alert">Something went wrong: ${failure.message}</p>`;
  else content = html`<${Page} key=${`${hash} ${visit}`} route=${route} />`;

  return html`
    <header class="top">
      <a class="brand" href="#/queue">Privacy Desk <span>staff console</span></a>
      <nav id="nav" hidden=${!signedIn}>
        ${NAV.map(
          ([page, label]) =>
            html`<a href=${`#/${page}`} data-nav=${page} class=${NAV_OF[route.page] === page ? 'active' : ''}>${label}</a>`,
        )}
      </nav>
      <div id="who" class="who">
        ${
          session.state === 'signed-in'
            ? [
                html`<span>Signed in as ${session.username}</span>`,
                html`<button id="signout" onClick=${() => void signOut(signedOut)}>Sign out</button>`,
              ]
            : null
        }
      </div>
    </header>
    <main id="app" aria-live="polite">${content}</main>
  `;
}

const root = document.getElementById('console');
if (root) {
  root.replaceChildren();
  render(html`<${App} />`, root);
}
