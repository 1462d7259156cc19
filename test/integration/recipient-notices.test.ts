import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { DynamoDbRequestStore } from '../../functions/adapters/dynamodb-request-store';
import type { DsrRequest, RequestType } from '../../functions/core/request/request';
import { subjectKeyOf } from '../../functions/core/request/subject-key';
import { handler as collectStore } from '../../functions/workflow-collect-store';
import { handler as notifyRecipients } from '../../functions/workflow-notify-recipients';
import type { FunctionName } from '../../infra/function-catalog';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { invokeAsLambda } from '../../local/lambda-runtime';
import { eventsOf, outbox, startTestStack, type TestStack } from '../support/stack';

/**
 * Art. 19 against the local stack: the demo map's auditor (a recipient of billing) has an address,
 * AWS and the newsletter service are processors running the systems themselves, and Skatteverket
 * only sees records the legal hold keeps unchanged.
 */

const astrid = KNOWN_SUBJECTS.astrid;
const AUDITOR = 'privacy@auditor.example';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);

afterAll(async () => {
  await stack?.dispose();
});

const functionOf = new Map<unknown, FunctionName>([
  [collectStore, 'CollectStore'],
  [notifyRecipients, 'NotifyRecipients'],
]);
const invoke = <T>(handler: unknown, event: unknown) =>
  invokeAsLambda<T>(handler, event, functionOf.get(handler) ?? ('unknown' as FunctionName));

async function collectedRequest(id: string, types: RequestType[]) {
  const requests = new DynamoDbRequestStore(stack.env.REQUESTS_TABLE ?? '');
  const now = new Date().toISOString();
  const request: DsrRequest = {
    id,
    status: 'executing',
    channel: 'email',
    types,
    language: 'sv',
    subjectEmail: astrid.email,
    subjectKey: subjectKeyOf(astrid.email, stack.secrets.subjectKey),
    receivedAt: now,
    dueAt: '2026-12-28',
    version: 1,
  };
  await requests.putRequest(request, { at: now, actor: 'test', action: 'request_received' });
  for (const store of DEMO_DATA_MAP.stores) await invoke(collectStore, { requestId: id, storeId: store.id });
}

const mailsTo = async (address: string, id: string) =>
  (await outbox(stack)).filter((m) => m.destination.to.includes(address) && m.subject.includes(id));

describe('the NotifyRecipients step', () => {
  it('Art. 19: after a rectification mails the auditor once, in Swedish, naming the person and the system', async () => {
    const id = 'PD-20261201-ART19A';
    await collectedRequest(id, ['rectification']);

    const result = await invoke<Record<string, unknown>>(notifyRecipients, { requestId: id });
    expect(result).toEqual({ staffTasks: [], recipients: ['Auditor'] });
    expect(JSON.stringify(result)).not.toContain(astrid.email);

    const [mail, ...more] = await mailsTo(AUDITOR, id);
    expect(more).toEqual([]);
    expect(mail?.body.text).toContain('artikel 19');
    expect(mail?.body.text).toContain(astrid.email);
    expect(mail?.body.text).toContain('rättelse');
    expect(mail?.body.text).toContain('Fakturering och bokföring');

    await invoke(notifyRecipients, { requestId: id });
    expect(await mailsTo(AUDITOR, id)).toHaveLength(1);
    const events = await eventsOf(stack, id);
    expect(events.filter((e) => e.action === 'recipient_notified').map((e) => e.detail)).toEqual([
      expect.objectContaining({ recipient: 'Auditor', by: 'mail' }),
    ]);
    expect(events.find((e) => e.action === 'recipient_notices_planned')?.detail).toEqual({
      mail: ['Auditor'],
      staff: [],
      notNeeded: ['Amazon Web Services EMEA SARL', 'Example Mail AB', 'Skatteverket'],
    });
  });

  it('Art. 19: an access request tells no recipient', async () => {
    const id = 'PD-20261201-ART19B';
    await collectedRequest(id, ['access']);
    expect(await invoke(notifyRecipients, { requestId: id })).toEqual({ staffTasks: [], recipients: [] });
    expect(await mailsTo(AUDITOR, id)).toEqual([]);
  });
});
