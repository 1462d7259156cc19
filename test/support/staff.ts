import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { s3 } from '../../functions/adapters/clients/s3';
import { DynamoDbRequestStore } from '../../functions/adapters/dynamodb-request-store';
import { DynamoDbTaskStore } from '../../functions/adapters/dynamodb-task-store';
import { dueDateFor } from '../../functions/core/calendar/deadlines';
import type { DsrRequest } from '../../functions/core/request/request';
import type { WorkflowTask } from '../../functions/core/request/workflow-tasks';
import type { LocalStack } from '../../local/stack';

export const STAFF_USER = { username: 'privacy.officer', password: 'privacy-desk-demo' };
export const NON_STAFF_USER = { username: 'helpdesk', password: 'helpdesk-demo' };
export const CSRF = { 'x-privacy-desk-csrf': '1' };

/** Signs in with the local sign-in and returns the session cookie (`pd_session=…`). */
export async function signIn(stack: LocalStack, user = STAFF_USER): Promise<string> {
  const response = await fetch(`${stack.urls.http}/local/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...CSRF },
    body: JSON.stringify(user),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  return String(response.headers.get('set-cookie')).split(';')[0] ?? '';
}

let seq = 0;

/** Writes a request (META, its received event, optionally a raw mail and tasks) straight into the stores. */
export async function seedRequest(
  stack: LocalStack,
  overrides: Partial<DsrRequest> & { raw?: string; tasks?: Partial<WorkflowTask>[] } = {},
): Promise<DsrRequest> {
  seq += 1;
  const receivedAt = overrides.receivedAt ?? new Date().toISOString();
  const id = overrides.id ?? `R-${Date.now().toString(36).toUpperCase()}-${seq}`;
  const rawRef = overrides.raw ? `s3://${stack.env.INBOUND_BUCKET}/inbound/seed-${id}` : undefined;
  if (overrides.raw) {
    await s3().send(
      new PutObjectCommand({
        Bucket: stack.env.INBOUND_BUCKET,
        Key: `inbound/seed-${id}`,
        Body: overrides.raw,
      }),
    );
  }
  const { raw: _raw, tasks = [], ...fields } = overrides;
  const request: DsrRequest = {
    id,
    status: 'awaiting_review',
    channel: 'email',
    types: ['access'],
    language: 'sv',
    subjectEmail: 'astrid.lindqvist@example.se',
    subjectKey: `key-${id}`,
    receivedAt,
    dueAt: dueDateFor(receivedAt),
    verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY', spam: 'PASS', virus: 'PASS' },
    ...(rawRef ? { rawRef } : {}),
    version: 1,
    ...fields,
  };
  const table = stack.env.REQUESTS_TABLE ?? '';
  await new DynamoDbRequestStore(table).putRequest(request, {
    at: receivedAt,
    actor: 'system:intake',
    action: 'request_received',
    toStatus: request.status,
    detail: { channel: request.channel, category: 'request', confidence: 0.92, language: request.language },
  });
  if (
    ['awaiting_review', 'collecting', 'awaiting_action', 'executing', 'replying'].includes(request.status)
  ) {
    await new DynamoDbRequestStore(table).appendEvent(id, {
      at: new Date(Date.parse(receivedAt) + 1000).toISOString(),
      actor: 'subject',
      action: 'identity_verified',
      detail: { method: 'email_link' },
    });
  }
  for (const task of tasks) {
    await new DynamoDbTaskStore(table).openTask({
      requestId: id,
      taskId: 'review',
      kind: 'review',
      taskToken: `token-${id}-${task.taskId ?? 'review'}`,
      openedAt: receivedAt,
      version: 1,
      ...task,
    });
  }
  return request;
}

export interface FakeStepFunctions {
  url: string;
  calls: { target: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

/** A Step Functions endpoint that records calls: the staff API's output contract, observed exactly. */
export async function fakeStepFunctions(): Promise<FakeStepFunctions> {
  const calls: FakeStepFunctions['calls'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']).replace('AWSStepFunctions.', '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      calls.push({ target, body });
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (target === 'DescribeExecution') {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'ExecutionDoesNotExist', message: 'no such execution' }));
        return;
      }
      if (target === 'SendTaskSuccess' && String(body.taskToken).startsWith('gone-')) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'TaskDoesNotExist', message: 'Task does not exist anymore' }));
        return;
      }
      res.end(
        JSON.stringify(
          target === 'StartExecution'
            ? { executionArn: 'arn:local', startDate: Date.now() / 1000 }
            : target === 'StopExecution'
              ? { stopDate: Date.now() / 1000 }
              : {},
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A staff action through the staff API, as the console makes it; answers the parsed JSON. */
export async function staffAction(
  stack: LocalStack,
  cookie: string,
  requestId: string,
  action: string,
  body: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(`${stack.urls.http}/api/requests/${requestId}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, ...CSRF },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${action} answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer;
}
