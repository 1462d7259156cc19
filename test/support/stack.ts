import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import nodemailer from 'nodemailer';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../local/stack';

/** A local stack on free ports with a throw-away data folder, as every integration test uses. */
export interface TestStack extends LocalStack {
  dataDir: string;
  logs: string[];
  dispose(): Promise<void>;
}

export async function startTestStack(options: LocalStackOptions = {}): Promise<TestStack> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'privacy-desk-'));
  const logs: string[] = [];
  const stack = await startLocalStack({
    ...options,
    dataDir,
    ports: { http: 0, smtp: 0, dynamodb: 0, s3: 0, ses: 0, sfn: 0, secrets: 0, ...options.ports },
    log: (line) => logs.push(line),
  });
  return {
    ...stack,
    dataDir,
    logs,
    dispose: async () => {
      await stack.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The ports a stack listens on: a restart on the same ports keeps this process's clients working. */
export function portsOf(
  stack: LocalStack,
): Record<'http' | 'smtp' | 'dynamodb' | 's3' | 'ses' | 'sfn' | 'secrets', number> {
  const port = (url: string) => Number(new URL(url).port);
  return {
    http: port(stack.urls.http),
    smtp: stack.smtpPort,
    dynamodb: port(stack.urls.dynamodb),
    s3: port(stack.urls.s3),
    ses: port(stack.urls.ses),
    sfn: port(stack.urls.sfn),
    secrets: port(stack.urls.secrets),
  };
}

export async function sendMail(
  stack: LocalStack,
  raw: string | Buffer,
  envelope?: { from: string; to: string[] },
) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: stack.smtpPort,
    secure: false,
    ignoreTLS: true,
  });
  try {
    return await transport.sendMail({
      envelope: envelope ?? { from: 'sender@example.org', to: [stack.mailbox] },
      raw,
    });
  } finally {
    transport.close();
  }
}

export interface OutboxMail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: { name: string; value: string }[];
  replyTo: string[];
}

export async function outbox(stack: LocalStack): Promise<OutboxMail[]> {
  const response = await fetch(`${stack.urls.ses}/store`);
  return ((await response.json()) as { emails: OutboxMail[] }).emails;
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  // Generous: on a loaded 2-core CI machine several stacks run side by side.
  timeoutMs = 40_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** All request META items, straight from the table. */
export async function allRequests(stack: LocalStack): Promise<Record<string, unknown>[]> {
  const result = await dynamo().send(
    new ScanCommand({
      TableName: stack.env.REQUESTS_TABLE,
      FilterExpression: 'sk = :meta',
      ExpressionAttributeValues: { ':meta': 'META' },
    }),
  );
  return result.Items ?? [];
}

export async function eventsOf(stack: LocalStack, requestId: string): Promise<Record<string, unknown>[]> {
  const result = await dynamo().send(
    new QueryCommand({
      TableName: stack.env.REQUESTS_TABLE,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
      ExpressionAttributeValues: { ':pk': `REQ#${requestId}`, ':e': 'EVENT#' },
    }),
  );
  return result.Items ?? [];
}

export function mime(parts: {
  from: string;
  to?: string;
  subject: string;
  body: string;
  headers?: string[];
}): string {
  return [
    `From: ${parts.from}`,
    `To: ${parts.to ?? 'gdpr@example.com'}`,
    `Subject: ${parts.subject}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@example.org>`,
    'Date: Wed, 25 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...(parts.headers ?? []),
    '',
    parts.body,
    '',
  ].join('\r\n');
}
