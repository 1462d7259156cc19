import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jsonResult } from './adapters/json-result';
import { getFormPage, postRequest } from './http-form';

export { config } from './http-form';

type Route = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

const routes: Record<string, Route> = {
  'GET /health': async () => jsonResult(200, { status: 'ok' }),
  'GET /': getFormPage,
  'POST /requests': postRequest,
};

/** The public routes of the HTTP API; one Lambda, routed by API Gateway's route key. */
export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(
  async (event) => {
    const route = routes[event.routeKey] ?? routes[`${event.requestContext.http.method} ${event.rawPath}`];
    if (!route) return jsonResult(404, { message: 'Not found' });
    return route(event);
  },
);
