import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3 } from '../../functions/adapters/clients/s3';
import { parseMail } from '../../functions/adapters/parse-mail';
import { ESBUILD_OPTIONS } from '../../infra/bundling';
import { PrivacyDeskFunction } from '../../infra/constructs/privacy-desk-function';
import { FUNCTIONS } from '../../infra/function-catalog';
import { sesEventFor } from '../../local/smtp-listener';
import { allRequests, mime, startTestStack, type TestStack, waitFor } from '../support/stack';

let stack: TestStack;
let bundleDir: string;

const MAIL = path.join(import.meta.dirname, '../fixtures/mail');
const DOUBLE_BYTE = path.join(import.meta.dirname, '../fixtures/mail-charsets');
const doubleByteSubjects = Object.entries(
  JSON.parse(readFileSync(path.join(DOUBLE_BYTE, 'expected.json'), 'utf8')) as Record<
    string,
    { subject: string }
  >,
);

/** Runs a script in a bare Node process with only what Lambda provides: no profile, no home directory with SDK configuration. */
async function runBare(script: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
    env: { ...stack.env, ...env, HOME: mkdtempSync(path.join(tmpdir(), 'pd-home-')) },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Puts a raw mail where SES would and returns the event SES would send the intake. */
async function deliver(raw: Buffer, from: string): Promise<unknown> {
  const deliveryId = randomBytes(16).toString('hex');
  await s3().send(
    new PutObjectCommand({
      Bucket: stack.env.INBOUND_BUCKET,
      Key: `${stack.env.INBOUND_PREFIX}${deliveryId}`,
      Body: raw,
    }),
  );
  return sesEventFor(deliveryId, from, [stack.mailbox], raw);
}

/** Calls the bundle's handler once per event, one after another, in one bare Node process. */
function handleInBundle(events: unknown[]): Promise<string> {
  const script = `const { handler } = require(${JSON.stringify(path.join(bundleDir, 'index.js'))}); (async () => { for (const event of JSON.parse(process.env.SES_EVENTS)) await handler(event); })()`;
  return runBare(script, { SES_EVENTS: JSON.stringify(events) });
}

// The intake and staff messages bundles exactly as CDK builds them for deployment.
let messagesBundleDir: string;
beforeAll(async () => {
  stack = await startTestStack();
  const app = new App({ outdir: mkdtempSync(path.join(tmpdir(), 'pd-cdk-')) });
  const cdkStack = new Stack(app, 'Bundle');
  new PrivacyDeskFunction(cdkStack, 'Intake', { spec: FUNCTIONS.IntakeEmail });
  new PrivacyDeskFunction(cdkStack, 'Messages', { spec: FUNCTIONS.StaffMessages });
  const functions = Template.fromStack(cdkStack).findResources('AWS::Lambda::Function');
  const assetDir = (prefix: string): string => {
    const [, resource] = Object.entries(functions).find(([id]) => id.startsWith(prefix)) ?? [];
    const key = (resource?.Properties?.Code as { S3Key?: string } | undefined)?.S3Key;
    if (!key) throw new Error(`the synthesized ${prefix} function has no code asset`);
    return path.join(app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
  };
  bundleDir = assetDir('Intake');
  messagesBundleDir = assetDir('Messages');
}, 120_000);

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
});

function fromAddressOf(raw: Buffer): string {
  const address = /^From: (\S+)$/m.exec(raw.toString('latin1'))?.[1];
  if (!address) throw new Error('a fixture without a plain From address');
  return address;
}

describe('a deployed bundle', () => {
  it('runs in a bare Node process and reaches DynamoDB, S3, SES and Step Functions with the credentials Lambda puts in the environment', async () => {
    const from = 'bundle.check@example.se';
    const raw = Buffer.from(
      mime({ from, subject: 'Registerutdrag', body: 'Hej! Jag vill ha en kopia av mina personuppgifter.' }),
    );
    await handleInBundle([await deliver(raw, from)]);

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

  it('reads mail in Chinese, Japanese and Korean charsets with the codecs its asset loads on demand', async () => {
    const events = [];
    for (const [file] of doubleByteSubjects) {
      const raw = readFileSync(path.join(DOUBLE_BYTE, file));
      events.push(await deliver(raw, fromAddressOf(raw)));
    }
    await handleInBundle(events);

    for (const [file, { subject }] of doubleByteSubjects) {
      const from = fromAddressOf(readFileSync(path.join(DOUBLE_BYTE, file)));
      const request = await waitFor(
        async () => (await allRequests(stack)).find((r) => r.subjectEmail === from),
        `the request from ${file}`,
      );
      expect(request.subject).toBe(subject);
    }
  });

  it('parses every fixture mail exactly as the source does, beside the tables its asset ships', async () => {
    // An attachment sent without a type takes one from its name: the MIME type tables load on demand.
    const untypedAttachment = path.join(mkdtempSync(path.join(tmpdir(), 'pd-mail-')), 'untyped.eml');
    writeFileSync(
      untypedAttachment,
      [
        'From: a@example.com',
        'To: gdpr@example.com',
        'Subject: ID',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'My ID is attached, please delete my account.',
        '--b',
        'Content-Type: application/octet-stream',
        'Content-Disposition: attachment; filename="id-card.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 not really').toString('base64'),
        '--b--',
        '',
      ].join('\r\n'),
    );
    const parserBundle = path.join(bundleDir, 'parse-mail-check.js');
    await build({
      ...ESBUILD_OPTIONS,
      entryPoints: [path.join(import.meta.dirname, '../../functions/adapters/parse-mail.ts')],
      outfile: parserBundle,
      logLevel: 'error',
    });
    const files = [
      ...readdirSync(MAIL)
        .filter((f) => f.endsWith('.eml'))
        .map((f) => path.join(MAIL, f)),
      ...doubleByteSubjects.map(([f]) => path.join(DOUBLE_BYTE, f)),
      untypedAttachment,
    ];
    const script = `const { parseMail } = require(${JSON.stringify(parserBundle)}); const fs = require('node:fs'); (async () => { const out = []; for (const f of JSON.parse(process.env.FILES)) out.push(await parseMail(fs.readFileSync(f))); process.stdout.write(JSON.stringify(out)); })()`;
    const bundled: unknown = JSON.parse(await runBare(script, { FILES: JSON.stringify(files) }));

    const fromSource = await Promise.all(files.map(async (f) => parseMail(readFileSync(f))));
    expect(bundled).toEqual(JSON.parse(JSON.stringify(fromSource)));
    expect((bundled as Array<{ attachments: Array<{ contentType: string }> }>).at(-1)?.attachments).toEqual([
      expect.objectContaining({ contentType: 'application/pdf' }),
    ]);
  });

  it('ships the staff messages bundle with the tables its mail parser loads', async () => {
    const script = `const { handler } = require(${JSON.stringify(path.join(messagesBundleDir, 'index.js'))}); process.stdout.write(typeof handler)`;
    expect(await runBare(script)).toBe('function');
    expect(readdirSync(path.join(messagesBundleDir, 'tables'))).toEqual(
      readdirSync(path.join(bundleDir, 'tables')),
    );
  });
});
