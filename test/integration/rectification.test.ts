import { GetObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { s3 } from '../../functions/adapters/clients/s3';
import { connectorRegistryFromEnv } from '../../functions/adapters/connectors/connector-registry';
import { findStore } from '../../functions/core/datamap';
import { expectEveryRequestAnswered } from '../support/invariant';
import { eventsOf, startTestStack, type TestStack, waitFor } from '../support/stack';
import { CSRF, signIn } from '../support/staff';
import {
  completeTask,
  confirm,
  mailRequest,
  mailsTo,
  taskItem,
  verificationLink,
  waitForStatus,
} from '../support/workflow';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(async () => {
  if (stack) await expectEveryRequestAnswered(stack);
  await stack?.dispose();
});

describe('rectification', () => {
  it('applies the corrections staff confirm through the CRM connector, and keeps no new value afterwards', async () => {
    const subject = 'astrid.lindqvist@example.se';
    const id = await mailRequest(
      stack,
      subject,
      'Fel telefonnummer',
      'Hej, mitt telefonnummer hos er är fel. Rätta det till 070-174 06 99.',
    );
    await confirm(await verificationLink(stack, subject));
    await completeTask(stack, id, 'review', { decision: 'approve' });
    await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
    await taskItem(stack, id, 'manual:rectification');

    // Staff pick the record from what was collected, as the console shows it.
    const findings = await s3().send(
      new GetObjectCommand({ Bucket: stack.env.PACKAGES_BUCKET, Key: `findings/${id}/crm.json` }),
    );
    const document = JSON.parse(await (findings.Body?.transformToString() ?? '{}')) as {
      records: { recordId: string; fields: Record<string, unknown> }[];
    };
    const record = document.records.find((r) => typeof r.fields.phone === 'string');
    expect(record).toBeDefined();

    const cookie = await signIn(stack);
    const response = await fetch(`${stack.urls.http}/api/requests/${id}/complete-task`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...CSRF },
      body: JSON.stringify({
        taskId: 'manual:rectification',
        output: {
          correctedItems: ['phone number'],
          corrections: [
            { storeId: 'crm', recordId: record?.recordId, field: 'phone', value: '+46 70 174 06 99' },
          ],
        },
      }),
    });
    expect(response.status).toBe(200);
    await waitForStatus(stack, id, 'completed');

    const crm = findStore(DEMO_DATA_MAP, 'crm');
    if (!crm) throw new Error('no crm store in the demo map');
    const found = await connectorRegistryFromEnv(stack.env).connectorFor(crm).find({ email: subject });
    expect(found.find((r) => r.recordId === record?.recordId)?.fields.phone).toBe('+46 70 174 06 99');

    const applied = (await eventsOf(stack, id)).find((e) => e.action === 'corrections_applied');
    expect(applied?.detail).toEqual({ applied: 1, manual: 0 });
    const rectify = await dynamo().send(
      new GetCommand({ TableName: stack.env.REQUESTS_TABLE, Key: { pk: `REQ#${id}`, sk: 'RECTIFY' } }),
    );
    expect(JSON.stringify(rectify.Item)).not.toContain('174 06 99');
    const reply = await waitFor(
      async () => (await mailsTo(stack, subject)).find((m) => /phone number/.test(m.body.text ?? '')),
      'the rectification reply listing the corrected item',
    );
    expect(reply.subject).toContain(id);
  });

  it('refuses a correction naming a store that is not in the data map', async () => {
    const subject = 'ola.nordmann@example.no';
    const id = await mailRequest(
      stack,
      subject,
      'Feil adresse',
      'Hei, telefonnummeret mitt hos dere er feil. Rett det til 400 00 000.',
    );
    await confirm(await verificationLink(stack, subject));
    await completeTask(stack, id, 'review', { decision: 'approve' });
    await completeTask(stack, id, 'manual:file-share', { outcome: 'nothing_found' });
    await taskItem(stack, id, 'manual:rectification');
    const cookie = await signIn(stack);
    const response = await fetch(`${stack.urls.http}/api/requests/${id}/complete-task`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...CSRF },
      body: JSON.stringify({
        taskId: 'manual:rectification',
        output: {
          correctedItems: ['phone'],
          corrections: [{ storeId: 'payroll', recordId: 'x', field: 'phone', value: '1' }],
        },
      }),
    });
    expect(response.status).toBe(400);
    expect((await taskItem(stack, id, 'manual:rectification')).completedAt).toBeUndefined();
  });
});
