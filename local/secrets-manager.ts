import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Secrets Manager on this machine: answers `GetSecretValue` (the AWS JSON protocol the SDK
 * speaks) for the secrets the local stack holds, so handlers read their keys exactly as on AWS.
 */
export class LocalSecretsManager {
  private server?: Server;

  /** `secrets`: ARN (or name) → value. */
  constructor(private readonly secrets: Record<string, string>) {}

  /** Adds or replaces a secret. */
  put(id: string, value: string): void {
    this.secrets[id] = value;
  }

  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '');
        const reply = (status: number, body: unknown) => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
          res.end(JSON.stringify(body));
        };
        if (target !== 'secretsmanager.GetSecretValue') {
          reply(400, { __type: 'UnknownOperationException', message: `${target} is not supported locally` });
          return;
        }
        let id = '';
        try {
          id = String(
            (JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: unknown }).SecretId,
          );
        } catch {
          reply(400, { __type: 'InvalidRequestException', message: 'the body is not JSON' });
          return;
        }
        const value = this.secrets[id];
        if (value === undefined) {
          reply(400, {
            __type: 'ResourceNotFoundException',
            message: "Secrets Manager can't find the specified secret.",
          });
          return;
        }
        reply(200, { ARN: id, Name: id.split(':').pop(), SecretString: value, VersionId: 'local' });
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, host, resolve));
    return `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
