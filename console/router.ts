/// <reference lib="dom" />
/** The console's pages by their `#/page/id` address. */
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { page: 'queue' }
  | { page: 'request'; id: string }
  | { page: 'not-a-request' }
  | { page: 'dashboard' }
  | { page: 'incidents' }
  | { page: 'incident'; id: string }
  | { page: 'retention' }
  | { page: 'retention-sweep'; id: string };

/** The nav entry a page belongs to, for its highlight. */
export const NAV_OF: Record<Route['page'], string> = {
  queue: 'queue',
  request: 'request',
  'not-a-request': 'not-a-request',
  dashboard: 'dashboard',
  incidents: 'incidents',
  incident: 'incident',
  retention: 'retention',
  'retention-sweep': 'retention',
};

export function routeOf(hash: string): Route {
  const [, page, rawId] = hash.split('/');
  const id = rawId ? decodeURIComponent(rawId) : '';
  if (page === 'request' && id) return { page: 'request', id };
  if (page === 'incident' && id) return { page: 'incident', id };
  if (page === 'retention' && id) return { page: 'retention-sweep', id };
  if (page === 'incidents' || page === 'dashboard' || page === 'not-a-request' || page === 'retention')
    return { page };
  return { page: 'queue' };
}

export const hrefOf = {
  request: (id: string) => `#/request/${encodeURIComponent(id)}`,
  incident: (id: string) => `#/incident/${encodeURIComponent(id)}`,
  sweep: (id: string) => `#/retention/${encodeURIComponent(id)}`,
};

export function go(href: string): void {
  location.hash = href;
}

/** The current hash and a count of hash changes, so a visit to the same address loads anew. */
export function useHash(): { hash: string; visit: number } {
  const [state, setState] = useState({ hash: location.hash, visit: 0 });
  useEffect(() => {
    const changed = () => setState((s) => ({ hash: location.hash, visit: s.visit + 1 }));
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return state;
}
