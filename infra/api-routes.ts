import type { FunctionName } from './function-catalog';

/** HTTP API routes, shared by the CDK stack and the local HTTP server. */
export interface ApiRoute {
  readonly method: 'GET' | 'POST';
  /** API Gateway route path; `{name}` segments are path parameters. */
  readonly path: string;
  readonly function: FunctionName;
  /** Why the route needs no sign-in; routes without it get the staff authorizer. */
  readonly public?: string;
  /** `staff`: the JWT authorizer (Cognito on AWS, the local sign-in here); the handler checks the role. */
  readonly auth?: 'staff';
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/health', function: 'HttpApi', public: 'a health check for monitoring, no data.' },
  {
    method: 'GET',
    path: '/',
    function: 'HttpApi',
    public: 'the web form for data subject requests, open to anyone.',
  },
  {
    method: 'POST',
    path: '/requests',
    function: 'HttpApi',
    public: 'anyone may file a request; honeypot and rate limits guard it.',
  },
  {
    method: 'GET',
    path: '/verify/{requestId}',
    function: 'VerifyLink',
    public: 'the link mailed to the subject; it only shows a button.',
  },
  {
    method: 'POST',
    path: '/verify/{requestId}',
    function: 'VerifyLink',
    public: 'the link secret itself is the credential.',
  },
  {
    method: 'POST',
    path: '/verify/{requestId}/new-link',
    function: 'VerifyLink',
    public: 'answers the same whether or not a link is sent.',
  },
  {
    method: 'GET',
    path: '/console',
    function: 'StaffConsole',
    public: 'the console shell: static files, no data; its API needs sign-in.',
  },
  {
    method: 'GET',
    path: '/console/{asset}',
    function: 'StaffConsole',
    public: 'static script and style of the console, no data.',
  },
  { method: 'GET', path: '/api/me', function: 'StaffApi', auth: 'staff' },
  { method: 'GET', path: '/api/requests', function: 'StaffApi', auth: 'staff' },
  { method: 'GET', path: '/api/dashboard', function: 'StaffApi', auth: 'staff' },
  { method: 'GET', path: '/api/requests/{requestId}', function: 'StaffApi', auth: 'staff' },
  { method: 'GET', path: '/api/requests/{requestId}/messages', function: 'StaffMessages', auth: 'staff' },
  { method: 'GET', path: '/api/requests/{requestId}/findings', function: 'StaffMessages', auth: 'staff' },
  { method: 'POST', path: '/api/requests/{requestId}/{action}', function: 'StaffApi', auth: 'staff' },
  // Mail intake did not make a request of, listed for staff; one action turns one into a request.
  { method: 'GET', path: '/api/not-a-request', function: 'StaffApi', auth: 'staff' },
  { method: 'POST', path: '/api/not-a-request/{mailId}/take-in', function: 'StaffApi', auth: 'staff' },
  // The breach desk: incidents, their actions, the authority's notice and the register (Art. 33, 34).
  { method: 'GET', path: '/api/incidents', function: 'IncidentsApi', auth: 'staff' },
  { method: 'POST', path: '/api/incidents', function: 'IncidentsApi', auth: 'staff' },
  { method: 'GET', path: '/api/incidents/{incidentId}', function: 'IncidentsApi', auth: 'staff' },
  {
    method: 'GET',
    path: '/api/incidents/{incidentId}/authority-notice',
    function: 'IncidentsApi',
    auth: 'staff',
  },
  { method: 'POST', path: '/api/incidents/{incidentId}/{action}', function: 'IncidentsApi', auth: 'staff' },
  { method: 'GET', path: '/api/incident-register', function: 'IncidentsApi', auth: 'staff' },
  // Retention sweeps of the company's stores: staff request, read, approve or reject them.
  { method: 'GET', path: '/api/retention-sweeps', function: 'RetentionSweepsApi', auth: 'staff' },
  { method: 'POST', path: '/api/retention-sweeps', function: 'RetentionSweepsApi', auth: 'staff' },
  { method: 'GET', path: '/api/retention-sweeps/{sweepId}', function: 'RetentionSweepsApi', auth: 'staff' },
  {
    method: 'POST',
    path: '/api/retention-sweeps/{sweepId}/{action}',
    function: 'RetentionSweepsApi',
    auth: 'staff',
  },
  {
    method: 'GET',
    path: '/consents',
    function: 'ConsentApi',
    public: 'for systems, not people: the handler requires an API key (x-api-key), checked in constant time.',
  },
  {
    method: 'POST',
    path: '/consents',
    function: 'ConsentApi',
    public: 'for systems, not people: the handler requires an API key (x-api-key), checked in constant time.',
  },
  {
    method: 'POST',
    path: '/consents/withdraw',
    function: 'ConsentApi',
    public: 'for systems, not people: the handler requires an API key (x-api-key), checked in constant time.',
  },
  {
    method: 'POST',
    path: '/consents/object',
    function: 'ConsentApi',
    public: 'for systems, not people: the handler requires an API key (x-api-key), checked in constant time.',
  },
  {
    method: 'GET',
    path: '/unsubscribe',
    function: 'ConsentApi',
    public: 'the link in a newsletter; it only shows a button.',
  },
  {
    method: 'POST',
    path: '/unsubscribe',
    function: 'ConsentApi',
    public: 'RFC 8058 one-click: the signed token in the link is the credential.',
  },
  {
    method: 'GET',
    path: '/download/{requestId}',
    function: 'DownloadPackage',
    public: 'the expiring signed link mailed to the subject; it also needs a completed verification.',
  },
  {
    method: 'GET',
    path: '/download/{requestId}/{file}',
    function: 'DownloadPackage',
    public: 'one file of the package, behind the same signed link and verification check.',
  },
];

/** A path segment that is not valid percent-encoded UTF-8: API Gateway answers such a path with a 400. */
export class MalformedPathError extends Error {
  override name = 'MalformedPathError';
  readonly status = 400;
}

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch (cause) {
    throw new MalformedPathError('The path is not valid percent-encoded UTF-8.', { cause });
  }
}

/** Matches a concrete path against a route path, returning its path parameters. */
export function matchRoute(routePath: string, actual: string): Record<string, string> | undefined {
  const want = routePath.split('/');
  const got = actual.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const value = got[i] ?? '';
    if (segment.startsWith('{') && segment.endsWith('}')) params[segment.slice(1, -1)] = decodeSegment(value);
    else if (segment !== value) return undefined;
  }
  return params;
}
