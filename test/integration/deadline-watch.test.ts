import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { addDays, localDateOf } from '../../functions/core/calendar/calendar-date';
import { handler } from '../../functions/deadline-watch';
import { lambdaContext, runAsFunction } from '../../local/lambda-runtime';
import { startTestStack, type TestStack } from '../support/stack';
import { mailsTo } from '../support/workflow';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  await stack?.dispose();
});

async function putRequest(id: string, status: string, dueAt: string) {
  await dynamo().send(
    new PutCommand({
      TableName: stack.env.REQUESTS_TABLE,
      Item: {
        pk: `REQ#${id}`,
        sk: 'META',
        gsi1pk: `STATUS#${status}`,
        gsi1sk: `${dueAt}#${id}`,
        id,
        status,
        dueAt,
        subjectEmail: 'someone@example.se',
        types: ['access'],
        version: 1,
      },
    }),
  );
}

describe('the deadline watch', () => {
  it('mails staff one digest with due-soon and overdue requests, and no personal data', async () => {
    const today = localDateOf(new Date());
    await putRequest('PD-20260101-AAAAAA', 'awaiting_review', addDays(today, 3));
    await putRequest('PD-20260101-BBBBBB', 'collecting', addDays(today, -2));
    await putRequest('PD-20260101-CCCCCC', 'awaiting_review', addDays(today, 20));
    await putRequest('PD-20260101-DDDDDD', 'completed', addDays(today, -9));

    // What the EventBridge schedule (an interval locally) invokes.
    const result = await runAsFunction('DeadlineWatch', () =>
      handler({ source: 'aws.events' }, lambdaContext('DeadlineWatch')),
    );
    expect(result).toEqual({ dueSoon: 1, overdue: 1, foldedAlerts: 0, sent: true });

    const [digest] = await mailsTo(stack, 'privacy-staff@example.com');
    expect(digest?.body.text).toContain('PD-20260101-AAAAAA');
    expect(digest?.body.text).toContain('PD-20260101-BBBBBB');
    expect(digest?.body.text).not.toContain('PD-20260101-CCCCCC');
    expect(digest?.body.text).not.toContain('PD-20260101-DDDDDD');
    expect(digest?.body.text).not.toContain('someone@example.se');
  });
});
