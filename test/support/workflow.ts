import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { TERMINAL_STATUSES } from '../../functions/core/request/request';
import { allRequests, mime, type OutboxMail, outbox, sendMail, type TestStack, waitFor } from './stack';

/** Sends a request mail from `from` and waits until its request exists; returns the request id. */
export async function mailRequest(
  stack: TestStack,
  from: string,
  subject: string,
  body: string,
): Promise<string> {
  const before = new Set((await allRequests(stack)).map((r) => r.id));
  await sendMail(stack, mime({ from, subject, body }), { from, to: [stack.mailbox] });
  const request = await waitFor(
    async () => (await allRequests(stack)).find((r) => !before.has(r.id) && r.subjectEmail === from),
    `the request from ${from}`,
  );
  return String(request.id);
}

export async function requestItem(stack: TestStack, requestId: string): Promise<Record<string, unknown>> {
  const result = await dynamo().send(
    new GetCommand({
      TableName: stack.env.REQUESTS_TABLE,
      Key: { pk: `REQ#${requestId}`, sk: 'META' },
      ConsistentRead: true,
    }),
  );
  return result.Item ?? {};
}

export async function waitForStatus(stack: TestStack, requestId: string, status: string, timeoutMs = 40_000) {
  return waitFor(
    async () => {
      const item = await requestItem(stack, requestId);
      return item.status === status ? item : undefined;
    },
    `${requestId} to be ${status}`,
    timeoutMs,
  );
}

export async function mailsTo(stack: TestStack, address: string): Promise<OutboxMail[]> {
  return (await outbox(stack)).filter((m) => m.destination.to.includes(address));
}

/** The newest verification link mailed to `address` (waits for it). */
export async function verificationLink(stack: TestStack, address: string, count = 1): Promise<URL> {
  const mails = await waitFor(async () => {
    const withLinks = (await mailsTo(stack, address)).filter((m) => /\/verify\/PD-/.test(m.body.text ?? ''));
    return withLinks.length >= count ? withLinks : undefined;
  }, `verification mail ${count} to ${address}`);
  const text = mails[mails.length - 1]?.body.text ?? '';
  const match = text.match(/https?:\/\/\S+\/verify\/PD-[^\s]+/);
  if (!match) throw new Error('no verification link in the mail');
  return new URL(match[0]);
}

/** Presses the confirm button of a verification page: the POST the page's form makes. */
export async function confirm(link: URL): Promise<Response> {
  return fetch(new URL(link.pathname, link), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ k: link.searchParams.get('k') ?? '' }).toString(),
  });
}

/** Statuses in which nothing waits for staff any more: the request ended, or stopped on an error. */
const NOT_WAITING: readonly string[] = [...TERMINAL_STATUSES, 'failed'];

/**
 * The task item, once it exists (and, with `openedAfter`, once it was opened after that moment).
 * A task for staff is stored a moment before the request shows it waiting, and completing it checks
 * that the request waits: this returns once staff could act on it, as the console shows it.
 */
export async function taskItem(stack: TestStack, requestId: string, taskId: string, openedAfter = '') {
  const task = await storedTask(stack, requestId, taskId, openedAfter);
  if (task.kind === 'manual' || task.kind === 'erasure_plan') {
    await waitFor(async () => {
      const { status } = await requestItem(stack, requestId);
      return status === 'awaiting_action' || NOT_WAITING.includes(String(status));
    }, `${requestId} to wait for staff, or no longer wait`);
  }
  return task;
}

async function storedTask(stack: TestStack, requestId: string, taskId: string, openedAfter: string) {
  return waitFor(async () => {
    const result = await dynamo().send(
      new GetCommand({
        TableName: stack.env.REQUESTS_TABLE,
        Key: { pk: `REQ#${requestId}`, sk: `TASK#${taskId}` },
        ConsistentRead: true,
      }),
    );
    return result.Item && String(result.Item.openedAt) > openedAfter ? result.Item : undefined;
  }, `task ${taskId} of ${requestId}`);
}

/** Completes a staff task the way the console does: SendTaskSuccess on the Step Functions API. */
export async function completeTask(
  stack: TestStack,
  requestId: string,
  taskId: string,
  output: Record<string, unknown>,
  openedAfter = '',
) {
  const task = await taskItem(stack, requestId, taskId, openedAfter);
  const sfn = new SFNClient({ endpoint: stack.urls.sfn });
  await sfn.send(
    new SendTaskSuccessCommand({ taskToken: String(task.taskToken), output: JSON.stringify(output) }),
  );
}

export function statesEntered(stack: TestStack, requestId: string): string[] {
  const execution = stack.stepFunctions.listExecutions().find((e) => e.name === requestId);
  return (execution?.history ?? []).filter((h) => h.type === 'StateEntered').map((h) => h.state ?? '');
}

/** Waits until the request's execution has stopped, and returns its status. */
export async function executionStopped(stack: TestStack, requestId: string): Promise<string> {
  return waitFor(async () => {
    const execution = stack.stepFunctions.listExecutions().find((e) => e.name === requestId);
    return execution && execution.status !== 'RUNNING' ? execution.status : undefined;
  }, `the execution of ${requestId} to stop`);
}
