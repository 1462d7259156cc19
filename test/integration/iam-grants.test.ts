import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { s3 } from '../../functions/adapters/clients/s3';
import { DynamoDbRequestStore } from '../../functions/adapters/dynamodb-request-store';
import type { DsrRequest } from '../../functions/core/request/request';
import { subjectKeyOf } from '../../functions/core/request/subject-key';
import { handler as assessRequest } from '../../functions/workflow-assess-request';
import { handler as collectStore } from '../../functions/workflow-collect-store';
import { handler as eraseStore } from '../../functions/workflow-erase-store';
import { handler as planErasure } from '../../functions/workflow-plan-erasure';
import type { FunctionName } from '../../infra/function-catalog';
import { KNOWN_SUBJECTS } from '../../local/demo-data';
import { invokeAsLambda, runAsFunction } from '../../local/lambda-runtime';
import { deliverWithVerdicts } from '../security/support';
import { allRequests, mime, startTestStack, type TestStack, waitFor } from '../support/stack';

/**
 * Each step's calls run with its role from the synthesized template, as on AWS. Every test takes
 * one grant away (as if `infra/` lacked it), shows the step failing with the error AWS gives,
 * then shows the same step passing with the template as it is.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);

afterAll(async () => {
  await stack?.dispose();
});

const astrid = KNOWN_SUBJECTS.astrid;
const requests = () => new DynamoDbRequestStore(stack.env.REQUESTS_TABLE ?? '');

async function storedRequest(id: string, status: DsrRequest['status'], types: DsrRequest['types']) {
  const now = new Date().toISOString();
  await requests().putRequest(
    {
      id,
      status,
      channel: 'email',
      types,
      language: 'sv',
      subjectEmail: astrid.email,
      subjectKey: subjectKeyOf(astrid.email, stack.secrets.subjectKey),
      receivedAt: now,
      dueAt: '2026-12-28',
      version: 1,
    },
    { at: now, actor: 'test', action: 'request_received' },
  );
}

/** Runs `step` with `action` taken from `functionName`'s role, then puts the grant back. */
async function withoutGrant<T>(functionName: FunctionName, action: string, step: () => Promise<T>) {
  const restore = stack.iam.withoutGrant(functionName, action);
  try {
    return await step().then(
      () => undefined,
      (error: unknown) => error as Error & { $metadata?: { httpStatusCode?: number }; $fault?: string },
    );
  } finally {
    restore();
  }
}

const requestsTableArn = 'arn:aws:dynamodb:eu-west-1:000000000000:table/privacy-desk-requests';
const deniedMessage = (fn: string, action: string, resource: string) =>
  new RegExp(
    `^User: arn:aws:sts::000000000000:assumed-role/[^/]+/${fn} is not authorized to perform: ${action} on resource: ${resource.replaceAll('/', '\\/')} because no identity-based policy allows the ${action} action$`,
  );

describe('the grants each step needs, enforced from the synthesized template', () => {
  it('Assess appends its audit event: without dynamodb:PutItem the step fails as on AWS', async () => {
    const requestId = 'PD-20261201-IAMAS1';
    await storedRequest(requestId, 'collecting', ['access']);
    const assess = () => invokeAsLambda(assessRequest, { requestId }, 'AssessRequest');
    const error = await withoutGrant('AssessRequest', 'dynamodb:PutItem', assess);
    expect(error).toMatchObject({
      name: 'AccessDeniedException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    expect(error?.message).toMatch(deniedMessage('AssessRequest', 'dynamodb:PutItem', requestsTableArn));

    await expect(assess()).resolves.toMatchObject({ stores: expect.any(Array) });
  });

  it('intake counts each sender in the rate limiter: without dynamodb:UpdateItem every mail fails', async () => {
    // Only mail sure enough to act on reaches the rate limiter (a triage item is never limited),
    // so the mail is a plain request, not one whose confidence sits near the threshold.
    const raw = mime({
      from: 'Astrid Lindqvist <astrid.lindqvist@example.se>',
      subject: 'Registerutdrag',
      body: 'Skicka mig en kopia av mina personuppgifter.',
    });
    const deliver = () => deliverWithVerdicts(stack, raw, 'astrid.lindqvist@example.se', {});
    const error = await withoutGrant('IntakeEmail', 'dynamodb:UpdateItem', deliver);
    expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    expect(error?.message).toMatch(deniedMessage('IntakeEmail', 'dynamodb:UpdateItem', requestsTableArn));

    const before = (await allRequests(stack)).length;
    await deliver();
    await waitFor(async () => (await allRequests(stack)).length > before, 'the mailed request');
  });

  it('EraseStore reads an outcome not written yet: without s3:ListBucket on erasure/ S3 answers 403, not 404', async () => {
    const requestId = 'PD-20261201-IAMER3';
    await storedRequest(requestId, 'collecting', ['erasure']);
    for (const store of DEMO_DATA_MAP.stores)
      await invokeAsLambda(collectStore, { requestId, storeId: store.id }, 'CollectStore');
    await invokeAsLambda(planErasure, { requestId }, 'PlanErasure');
    const erase = () => invokeAsLambda(eraseStore, { requestId, storeId: 'crm' }, 'EraseStore');

    const error = await withoutGrant('EraseStore', 's3:ListBucket', erase);
    expect(error).toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: 'Access Denied',
    });

    await expect(erase()).resolves.toMatchObject({ manual: false, pending: 0 });
  });

  it.each(['BuildPackage', 'VerifyErasure', 'UpdateConsents'] as const)(
    '%s gives its send-once claim back when SES refused the mail: that needs dynamodb:UpdateItem',
    async (fn) => {
      const requestId = `PD-20261201-IAM4${fn.slice(0, 2).toUpperCase()}`;
      await storedRequest(requestId, 'collecting', ['access']);
      const once = `mail-${fn}`;
      expect(await requests().claimOnce(requestId, once)).toBe(true);
      // The exact call the step makes after SES refused its mail, made with the step's role.
      const giveBack = () => runAsFunction(fn, () => requests().releaseOnce(requestId, once));

      const error = await withoutGrant(fn, 'dynamodb:UpdateItem', giveBack);
      expect(error).toMatchObject({ name: 'AccessDeniedException' });
      expect(error?.message).toMatch(deniedMessage(fn, 'dynamodb:UpdateItem', requestsTableArn));

      await giveBack();
      // Released, the claim can be taken again by the retry, which then sends the mail.
      expect(await requests().claimOnce(requestId, once)).toBe(true);
    },
  );

  it("refuses an object outside the role's prefixes with S3's own error, and leaves calls outside a handler alone", async () => {
    const read = (key: string) =>
      s3().send(new GetObjectCommand({ Bucket: stack.env.PACKAGES_BUCKET, Key: key }));
    const error = await runAsFunction('DownloadPackage', () => read('findings/PD-1/crm.json')).catch(
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => e,
    );
    expect(error).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect((error as Error).message).toMatch(
      deniedMessage(
        'DownloadPackage',
        's3:GetObject',
        '"arn:aws:s3:::privacy-desk-packages/findings/PD-1/crm.json"',
      ),
    );
    // Outside any handler (the stack's seeding, a test reading state): no role, no check.
    await expect(read('findings/PD-1/crm.json')).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('keeps what each handler used, and prints it beside its grants: privacy-desk iam', async () => {
    // Runs after the tests above: AssessRequest was refused PutItem once, then allowed it.
    const usage = () =>
      JSON.parse(readFileSync(`${stack.dataDir}/iam-usage.json`, 'utf8')) as Record<string, unknown>[];
    const refusedThenAllowed = [
      expect.objectContaining({
        functionName: 'AssessRequest',
        action: 'dynamodb:PutItem',
        decision: 'implicit-deny',
      }),
      expect.objectContaining({
        functionName: 'AssessRequest',
        action: 'dynamodb:PutItem',
        decision: 'allow',
      }),
    ];
    // The record is written shortly after each new entry.
    await waitFor(
      async () => expect.arrayContaining(refusedThenAllowed).asymmetricMatch(usage()),
      'the usage record',
    );
    const { stdout } = await promisify(execFile)(process.execPath, [
      'bin/privacy-desk.mjs',
      'iam',
      '--function',
      'AssessRequest',
      '--data-dir',
      stack.dataDir,
    ]);
    expect(stdout).toMatch(/^AssessRequest\n {2}allowed by its role:\n/);
    expect(stdout).toMatch(
      / {4}dynamodb:PutItem +dynamodb:eu-west-1:000000000000:table\/privacy-desk-requests\n/,
    );
    expect(stdout).toMatch(
      /DENIED {2}dynamodb:PutItem +dynamodb:eu-west-1:000000000000:table\/privacy-desk-requests \(1×\)/,
    );
    expect(stdout).toMatch(
      /allowed dynamodb:PutItem +dynamodb:eu-west-1:000000000000:table\/privacy-desk-requests/,
    );
    expect(stdout).not.toContain('EraseStore');
  });
});
