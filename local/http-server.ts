import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { API_ROUTES, matchRoute } from '../infra/api-routes';
import type { FunctionName } from '../infra/function-catalog';
import { authorizeLocal, handleLocalSignIn } from './staff-auth';

/**
 * The local stand-in for the HTTP API: turns each request into the API Gateway v2 event the
 * deployed route would deliver, calls the same handler, and writes its answer back.
 */
const MAX_BODY_BYTES = 10 * 1024 * 1024; // API Gateway's payload limit

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error('Request Entity Too Large'), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function isTextual(contentType: string | undefined): boolean {
  return !contentType || /^(text\/|application\/(json|x-www-form-urlencoded|xml))/.test(contentType);
}

export function apiEvent(
  req: IncomingMessage,
  body: Buffer,
  routeKey: string,
  pathParameters: Record<string, string>,
): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie')
      headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const textual = isTextual(req.headers['content-type']);
  const now = Date.now();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: req.headers.cookie?.split(/;\s*/).filter(Boolean),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : undefined,
    body: body.length > 0 ? body.toString(textual ? 'utf8' : 'base64') : undefined,
    isBase64Encoded: body.length > 0 && !textual,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: req.headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: req.headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
  };
}

function writeResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : undefined);
}

export type ExtraRoute = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export class LocalHttpServer {
  private readonly server: Server;

  constructor(
    handlers: Record<FunctionName, (event: unknown) => Promise<unknown>>,
    onError: (error: unknown) => void,
  ) {
    this.server = createServer(async (req, res) => {
      try {
        if (await handleLocalSignIn(req, res)) return;
        const path = new URL(req.url ?? '/', 'http://localhost').pathname;
        for (const route of API_ROUTES) {
          if (route.method !== req.method) continue;
          const params = matchRoute(route.path, path);
          if (!params) continue;
          const body = await readBody(req);
          const event = apiEvent(req, body, `${route.method} ${route.path}`, params);
          if (route.auth === 'staff') {
            // As API Gateway's JWT authorizer: no valid token, no call; else the claims go to the handler.
            const claims = authorizeLocal(req);
            if (!claims) {
              writeResult(res, {
                statusCode: 401,
                headers: { 'content-type': 'application/json' },
                body: '{"message":"Unauthorized"}',
              });
              return;
            }
            Object.assign(event.requestContext, { authorizer: { jwt: { claims, scopes: null } } });
          }
          const result = (await handlers[route.function](event)) as APIGatewayProxyStructuredResultV2;
          writeResult(res, result);
          return;
        }
        writeResult(res, {
          statusCode: 404,
          headers: { 'content-type': 'application/json' },
          body: '{"message":"Not Found"}',
        });
      } catch (error) {
        const status = (error as { status?: number }).status ?? 500;
        if (status === 500) onError(error);
        writeResult(res, {
          statusCode: status,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            message: status === 500 ? 'Internal Server Error' : (error as Error).message,
          }),
        });
      }
    });
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
