import { httpHandler, PayloadTooLargeError, problemResult } from './adapters/http-edge';
import { jsonResult } from './adapters/json-result';
import { getFormPage, MAX_FORM_BYTES, postRequest, type Route } from './http-form';

export { config } from './http-form';

const routes: Record<string, Route> = {
  'GET /health': async () => jsonResult(200, { status: 'ok' }),
  'GET /': getFormPage,
  'POST /requests': postRequest,
};

/** The public routes of the HTTP API; one Lambda, routed by API Gateway's route key. */
export const handler = httpHandler(
  {
    name: 'http api',
    maxBodyBytes: MAX_FORM_BYTES,
    parseBody: 'json-or-form',
    ownErrors: (error) =>
      error instanceof PayloadTooLargeError
        ? { status: 413, detail: `The form is too large: at most ${MAX_FORM_BYTES} bytes.` }
        : undefined,
  },
  async (event) => {
    const route = routes[event.routeKey] ?? routes[`${event.requestContext.http.method} ${event.rawPath}`];
    if (!route) return problemResult({ status: 404, detail: 'Not found' });
    return route(event);
  },
);
