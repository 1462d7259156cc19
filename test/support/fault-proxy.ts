import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fault injector in front of a stand-in (DynamoDB, SES): forwards every call unchanged, except
 * those a rule matches, which it answers with the fault instead. Not a mock: the real service
 * answers everything the rules let through.
 */
export type Fault =
  /** An HTTP error answer, as the service would send it (e.g. 429 throttling). */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body: string }
  /** The connection is destroyed before the call reaches the service. */
  | { kind: 'drop' };

export interface FaultRule {
  match(call: { method: string; url: string; target: string; body: string }): boolean;
  fault: Fault;
  /** How many matching calls get the fault. */
  times: number;
}

export class FaultProxy {
  target = '';
  readonly injected: string[] = [];
  private rules: FaultRule[] = [];
  private server?: Server;

  inject(rule: FaultRule): void {
    this.rules.push(rule);
  }

  clear(): void {
    this.rules = [];
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req)
        .then(async (outcome) => {
          if (outcome === 'drop') {
            req.socket.destroy();
            return;
          }
          if ('fault' in outcome) {
            res.writeHead(outcome.fault.status, outcome.fault.headers ?? {});
            res.end(outcome.fault.body);
            return;
          }
          res.writeHead(outcome.status, outcome.headers);
          res.end(outcome.body);
        })
        .catch(() => res.writeHead(502).end());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<
    | 'drop'
    | { fault: Extract<Fault, { kind: 'status' }> }
    | { status: number; headers: Record<string, string>; body: Buffer }
  > {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const call = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      target: String(req.headers['x-amz-target'] ?? ''),
      body: body.toString('utf8'),
    };
    const rule = this.rules.find((r) => r.times > 0 && r.match(call));
    if (rule) {
      rule.times -= 1;
      this.injected.push(`${rule.fault.kind} ${call.target || call.url}`);
      return rule.fault.kind === 'drop' ? 'drop' : { fault: rule.fault };
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'content-length'),
    ) as Record<string, string>;
    const answer = await fetch(`${this.target}${call.url}`, {
      method: call.method,
      headers,
      body: call.method === 'GET' || call.method === 'HEAD' ? undefined : body,
    });
    const answerHeaders = Object.fromEntries(
      [...answer.headers].filter(
        ([name]) => !['content-length', 'transfer-encoding', 'content-encoding', 'connection'].includes(name),
      ),
    );
    return { status: answer.status, headers: answerHeaders, body: Buffer.from(await answer.arrayBuffer()) };
  }
}

/** SES v2's answer when the sending rate is exceeded. */
export const SES_THROTTLED: Fault = {
  kind: 'status',
  status: 429,
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' },
  body: JSON.stringify({ message: 'Maximum sending rate exceeded.' }),
};
