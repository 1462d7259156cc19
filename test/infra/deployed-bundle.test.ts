import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3 } from '../../functions/adapters/clients/s3';
import { PrivacyDeskFunction } from '../../infra/constructs/privacy-desk-function';
import { FUNCTIONS } from '../../infra/function-catalog';
import { sesEventFor } from '../../local/smtp-listener';
import { allRequests, mime, startTestStack, type TestStack, waitFor } from '../support/stack';

let stack: TestStack;
let bundleDir: string;

// The intake bundle exactly as CDK builds it for deployment, with every AWS client it uses.
beforeAll(async () => {
  stack = await startTestStack();
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'pd-cdk-')) });
  const cdkStack = new Stack(app, 'Bundle');
  new PrivacyDeskFunction(cdkStack, 'Intake', { spec: FUNCTIONS.IntakeEmail });
  const functions = Object.values(Template.fromStack(cdkStack).findResources('AWS::Lambda::Function'));
  const code = functions[0]?.Properties?.Code as { S3Key?: string } | undefined;
  if (!code?.S3Key) throw new Error('the synthesized function has no code asset');
  const key = code.S3Key;
  bundleDir = path.join(app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
}, 120_000);

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

describe('a deployed bundle', () => {
  it('runs in a bare Node process and reaches DynamoDB, S3, SES and Step Functions with the credentials Lambda puts in the environment', async () => {
    const from = 'bundle.check@example.se';
    const raw = Buffer.from(
      mime({ from, subject: 'Registerutdrag', body: 'Hej! Jag vill ha en kopia av mina personuppgifter.' }),
    );
    const deliveryId = randomBytes(16).toString('hex');
    await s3().send(
      new PutObjectCommand({
        Bucket: stack.env.INBOUND_BUCKET,
        Key: `${stack.env.INBOUND_PREFIX}${deliveryId}`,
        Body: raw,
      }),
    );
    const event = sesEventFor(deliveryId, from, [stack.mailbox], raw);
    const script = `require(${JSON.stringify(path.join(bundleDir, 'index.js'))}).handler(JSON.parse(process.env.SES_EVENT)).then((r) => process.stdout.write(JSON.stringify(r ?? null)))`;
    // Only what Lambda provides: no profile, no home directory with SDK configuration.
    const env = {
      ...stack.env,
      SES_EVENT: JSON.stringify(event),
      HOME: mkdtempSync(path.join(tmpdir(), 'pd-home-')),
    };
    await promisify(execFile)(process.execPath, ['-e', script], { env });

    const request = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.subjectEmail === from),
      'the request stored by the bundle',
    );
    expect(request).toMatchObject({ channel: 'email', language: 'sv' });
    expect(request.types).toContain('access');
    // The bundle started the workflow: the local Step Functions runs it under the request's id.
    await waitFor(
      async () => stack.stepFunctions.listExecutions().find((e) => e.name === request.id),
      'the execution started by the bundle',
    );
  });
});
