import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { s3 } from '../../functions/adapters/clients/s3';
import { connectorRegistryFromEnv } from '../../functions/adapters/connectors/connector-registry';
import { DynamoDbRequestStore } from '../../functions/adapters/dynamodb-request-store';
import type { ErasureCertificate } from '../../functions/core/erasure/erasure-certificate';
import { sha256Hex } from '../../functions/core/erasure/erasure-certificate';
import { ANONYMISED_VALUE, isAnonymisedValue } from '../../functions/core/erasure/erasure-plan';
import type { DsrRequest } from '../../functions/core/request/request';
import { subjectKeyOf } from '../../functions/core/request/subject-key';
import { handler as collectStore } from '../../functions/workflow-collect-store';
import { handler as eraseStore } from '../../functions/workflow-erase-store';
import { handler as planErasure } from '../../functions/workflow-plan-erasure';
import { handler as verifyErasure } from '../../functions/workflow-verify-erasure';
import type { FunctionName } from '../../infra/function-catalog';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { invokeAsLambda } from '../../local/lambda-runtime';
import { expectEveryRequestAnswered } from '../support/invariant';
import { eventsOf, outbox, startTestStack, type TestStack } from '../support/stack';

const astrid = KNOWN_SUBJECTS.astrid;
const ola = KNOWN_SUBJECTS.ola;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);

afterAll(async () => {
  if (stack) await expectEveryRequestAnswered(stack);
  await stack?.dispose();
});

/** The catalogue function each handler is deployed as: its calls run with that function's role. */
const functionOf = new Map<unknown, FunctionName>([
  [collectStore, 'CollectStore'],
  [eraseStore, 'EraseStore'],
  [planErasure, 'PlanErasure'],
  [verifyErasure, 'VerifyErasure'],
]);

/** Invokes a step handler as Lambda does for the state machine: JSON in, JSON out, with its role. */
const invoke = <T>(handler: unknown, event: unknown) =>
  invokeAsLambda<T>(handler, event, functionOf.get(handler) ?? ('unknown' as FunctionName));

async function collectedErasureRequest(
  id: string,
  subject: { email: string; language: string },
): Promise<DsrRequest> {
  const now = new Date().toISOString();
  const request: DsrRequest = {
    id,
    status: 'collecting',
    channel: 'email',
    types: ['erasure'],
    language: subject.language as DsrRequest['language'],
    subjectEmail: subject.email,
    subjectKey: subjectKeyOf(subject.email, stack.secrets.subjectKey),
    receivedAt: now,
    dueAt: '2026-12-28',
    version: 1,
  };
  await new DynamoDbRequestStore(stack.env.REQUESTS_TABLE ?? '').putRequest(request, {
    at: now,
    actor: 'test',
    action: 'request_received',
  });
  for (const store of DEMO_DATA_MAP.stores) await invoke(collectStore, { requestId: id, storeId: store.id });
  return request;
}

async function objectText(key: string): Promise<string | undefined> {
  try {
    const result = await s3().send(new GetObjectCommand({ Bucket: stack.env.PACKAGES_BUCKET, Key: key }));
    return await result.Body?.transformToString('utf8');
  } catch {
    return undefined;
  }
}

async function item(requestId: string, sk: string) {
  const result = await dynamo().send(
    new GetCommand({ TableName: stack.env.REQUESTS_TABLE, Key: { pk: `REQ#${requestId}`, sk } }),
  );
  return result.Item;
}

/** Every store searched again with the real connectors, as an auditor would. */
async function findEverywhere(email: string) {
  const registry = connectorRegistryFromEnv();
  const found: Record<string, { recordId: string; fields: Record<string, unknown> }[]> = {};
  for (const store of DEMO_DATA_MAP.stores) {
    if (store.connector.type === 'manual') continue;
    found[store.id] = await registry.connectorFor(store).find({ email });
  }
  return found;
}

describe('erasure: plan, erase per store, verify by collecting again, certificate', () => {
  const requestId = 'PD-20261125-ERASE2';
  let plan: { stores: string[]; counts: Record<string, number> };

  it('plans every store with findings, manual ones included, and keeps accounting records under legal hold', async () => {
    await collectedErasureRequest(requestId, astrid);
    plan = await invoke(planErasure, { requestId });
    expect(plan.stores).toEqual([
      'crm',
      'recruitment',
      'newsletter',
      'events',
      'billing',
      'web-logs',
      'file-share',
    ]);
    // Astrid's 2018 invoice is past its hold (through 2025-12-31); the 2025 one is kept through 2032.
    expect(plan.counts.retain).toBe(1);
    expect(plan.counts.review).toBe(0);
    expect(JSON.stringify(plan)).not.toContain(astrid.email);

    const summary = await item(requestId, 'ERASURE_PLAN');
    expect(summary?.erase).toEqual(plan.stores);
    expect(summary?.retained).toEqual([
      {
        storeId: 'billing',
        recordId: expect.stringMatching(/^INV-2025-/),
        legalHold: 'Bokföringslagen (1999:1078)',
        reference: '7 kap. 2 §',
        retainUntil: '2032-12-31',
        anonymiseFields: ['contactPhone', 'notes'],
        retainedFields: expect.arrayContaining(['invoiceId', 'contactEmail', 'amount', 'bankAccount']),
      },
    ]);
    const billing = ((summary?.stores ?? []) as { storeId: string; counts: Record<string, number> }[]).find(
      (s) => s.storeId === 'billing',
    );
    expect(billing?.counts).toEqual({ delete: 1, anonymise: 0, retain: 1, review: 0 });
    // No field values in the item the console reads.
    expect(JSON.stringify(summary)).not.toContain(astrid.email);
    expect(JSON.stringify(summary)).not.toContain(astrid.phone);
    expect(await objectText(`erasure/${requestId}/plan.json`)).toContain('"plannedOn"');
  });

  it('erases store by store, hands the manual store to staff, and is idempotent', async () => {
    const results: Record<string, Record<string, unknown>> = {};
    for (const storeId of plan.stores) {
      results[storeId] = await invoke(eraseStore, { requestId, storeId });
    }
    expect(results['file-share']).toMatchObject({ manual: true });
    const summary = await item(requestId, 'ERASURE_PLAN');
    const crmCounts = ((summary?.stores ?? []) as { storeId: string; counts: Record<string, number> }[]).find(
      (s) => s.storeId === 'crm',
    )?.counts;
    expect(crmCounts?.delete).toBeGreaterThanOrEqual(2);
    expect(results.crm).toMatchObject({ manual: false, deleted: crmCounts?.delete, pending: 0 });
    expect(results.recruitment).toMatchObject({ manual: false, anonymised: 1, pending: 0 });
    expect(results.billing).toMatchObject({ manual: false, deleted: 1, retained: 1, pending: 0 });
    expect(await invoke(eraseStore, { requestId, storeId: 'crm' })).toEqual(results.crm);

    const manual = await item(requestId, 'STORE#file-share');
    expect(manual?.erasure).toMatchObject({
      status: 'manual_pending',
      instructions: expect.stringContaining('shared drive'),
    });
    const crm = await item(requestId, 'STORE#crm');
    expect(crm?.erasure).toMatchObject({ status: 'erased', deleted: crmCounts?.delete });
    expect(crm?.status).toBe('found'); // the collect step's outcome stays beside it
    expect(await objectText(`erasure/${requestId}/outcome-crm.json`)).toContain('"deleted"');

    // The log bucket keeps versions: the record says the old versions holding her lines went too
    // (under EraseStore's own role, so the version grants are the deploy's).
    const logs = (await item(requestId, 'STORE#web-logs'))?.erasure as
      | { status: string; oldVersionsRemoved?: number }
      | undefined;
    expect(logs?.status).toBe('erased');
    expect(logs?.oldVersionsRemoved).toBeGreaterThan(0);
    const outcome = JSON.parse((await objectText(`erasure/${requestId}/outcome-web-logs.json`)) ?? '{}');
    expect(outcome.oldVersionsRemoved).toBe(logs?.oldVersionsRemoved);
    expect(crm?.erasure).not.toHaveProperty('oldVersionsRemoved');
  });

  it('verifies by collecting again, certifies, mails the subject and drops the collected copies', async () => {
    const result = await invoke<Record<string, unknown>>(verifyErasure, { requestId });
    expect(result).toEqual({ certificateKey: `erasure/${requestId}/certificate.json` });

    // Only the invoice under legal hold is left anywhere, with the fields the hold does not need gone.
    const left = await findEverywhere(astrid.email);
    for (const [storeId, records] of Object.entries(left)) {
      if (storeId === 'billing') continue;
      // Deleted, or (recruitment) anonymised in place and so found no more by the address.
      expect(records, storeId).toEqual([]);
    }
    expect(left.billing).toHaveLength(1);
    const invoice = left.billing?.[0];
    expect(invoice?.recordId).toMatch(/^INV-2025-/);
    expect(invoice?.fields.contactPhone).toBe(ANONYMISED_VALUE);
    expect(isAnonymisedValue(invoice?.fields.notes)).toBe(true);
    expect(invoice?.fields.amount).toBe(114000);

    const certificate = JSON.parse(
      (await objectText(String(result.certificateKey))) ?? '{}',
    ) as ErasureCertificate;
    expect(certificate).toMatchObject({
      format: 'privacy-desk/erasure-certificate@1',
      requestId,
      subjectKey: subjectKeyOf(astrid.email, stack.secrets.subjectKey),
      counts: { retained: 1 },
    });
    expect(JSON.stringify(certificate)).not.toContain(astrid.email);
    expect(JSON.stringify(certificate)).not.toContain('INV-2025-');
    const billing = certificate.stores.find((s) => s.storeId === 'billing');
    expect(billing?.retained).toEqual([
      {
        recordIdSha256: sha256Hex(invoice?.recordId ?? ''),
        legalHold: { name: 'Bokföringslagen (1999:1078)', reference: '7 kap. 2 §' },
        retainUntil: '2032-12-31',
        anonymisedFields: ['contactPhone', 'notes'],
        retainedFields: expect.arrayContaining(['invoiceId', 'amount']),
        why: expect.stringContaining('räkenskapsinformation'),
      },
    ]);
    expect(billing?.deleted).toEqual([
      {
        recordIdSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        reason: 'legal_hold_expired',
        legalHoldEnded: '2025-12-31',
      },
    ]);
    expect(certificate.stores.find((s) => s.storeId === 'crm')?.deleted.length).toBeGreaterThanOrEqual(2);
    expect(certificate.stores.find((s) => s.storeId === 'file-share')?.verification).toBe('manual_pending');
    expect(certificate.stores.find((s) => s.storeId === 'crm')?.verification).toBe(
      'verified_by_recollection',
    );
    expect(certificate.residualCopies.map((c) => [c.where, c.days])).toEqual([
      ['dynamodb_point_in_time_recovery', 35],
      ['s3_noncurrent_versions', 7],
      ['log_retention', 90],
    ]);
    // Calendar dates in the certificate are Swedish ones (just after midnight there, UTC is a day behind).
    const erasedOn = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(
      new Date(certificate.verifiedAt),
    );
    const plus = (days: number) =>
      new Date(Date.parse(`${erasedOn}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    expect(certificate.residualCopiesExpireBy).toBe(plus(90));

    const mails = (await outbox(stack)).filter(
      (m) => m.destination.to.includes(astrid.email) && m.subject.includes(requestId),
    );
    expect(mails).toHaveLength(1);
    const text = mails[0]?.body.text ?? '';
    expect(text).toContain('Kundregister (CRM)');
    expect(text).toContain('Bokföringslagen (1999:1078), 7 kap. 2 §');

    const findings = await s3().send(
      new ListObjectsV2Command({ Bucket: stack.env.PACKAGES_BUCKET, Prefix: `findings/${requestId}/` }),
    );
    expect(findings.Contents ?? []).toEqual([]);
    const actions = (await eventsOf(stack, requestId)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'erasure_planned',
        'store_erased',
        'erasure_handed_to_staff',
        'erasure_certified',
      ]),
    );
  });

  it('fails with ErasureIncompleteError when a store still holds what the plan deletes', async () => {
    const incomplete = 'PD-20261125-LEFTO2';
    await collectedErasureRequest(incomplete, ola);
    const olaPlan = await invoke<{ stores: string[] }>(planErasure, { requestId: incomplete });
    const olaCrm = (await findEverywhere(ola.email)).crm ?? [];
    expect(olaCrm.length).toBeGreaterThan(0);
    expect(olaPlan.stores).toContain('crm');
    // Every store but the CRM is erased: the CRM contact survives.
    for (const storeId of olaPlan.stores.filter((s) => s !== 'crm')) {
      await invoke(eraseStore, { requestId: incomplete, storeId });
    }
    const failure = await invoke(verifyErasure, { requestId: incomplete }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('ErasureIncompleteError');
    expect((failure as Error).message).toContain('crm');
    expect((failure as Error).message).not.toContain(ola.email);
    expect(await objectText(`erasure/${incomplete}/certificate.json`)).toBeUndefined();
    expect(await objectText(`erasure/${incomplete}/leftovers.json`)).toContain('not_deleted');
    const events = await eventsOf(stack, incomplete);
    expect(events.find((e) => e.action === 'erasure_incomplete')?.detail).toEqual({
      leftovers: olaCrm.length,
      stores: ['crm'],
      reasons: ['not_deleted'],
    });
    const mails = (await outbox(stack)).filter(
      (m) => m.subject.includes(incomplete) && m.destination.to.includes(ola.email),
    );
    expect(mails).toEqual([]);
  });
});
