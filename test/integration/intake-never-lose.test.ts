import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3 } from '../../functions/adapters/clients/s3';
import { allRequests, mime, sendMail, startTestStack, type TestStack, waitFor } from '../support/stack';

/**
 * Every delivery leaves the raw mail in S3 and a request or a triage item behind, whatever the
 * input or a failure on the way. The crash case puts a fault-injecting proxy in front of DynamoDB.
 */
let stack: TestStack;
let proxy: Server;
let target = '';
/** Fails this many request writes (the transaction that puts a request's META item) with a server error. */
let failRequestWrites = 0;
let injectedFailures = 0;

function startProxy(): Promise<string> {
  proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const isRequestWrite =
      String(req.headers['x-amz-target']).endsWith('.TransactWriteItems') &&
      body.toString().includes('"sk":{"S":"META"}');
    if (isRequestWrite && failRequestWrites > 0) {
      failRequestWrites--;
      injectedFailures++;
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
          message: 'injected fault',
        }),
      );
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'content-length'),
    ) as Record<string, string>;
    try {
      const answer = await fetch(`${target}${req.url ?? '/'}`, { method: req.method, headers, body });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      res.writeHead(502).end();
    }
  });
  return new Promise((resolve) =>
    proxy.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  const proxyUrl = await startProxy();
  stack = await startTestStack({ env: { DYNAMODB_ENDPOINT: proxyUrl } });
  target = stack.urls.dynamodb;
});

afterAll(async () => {
  await stack?.stepFunctions.settled();
  await stack?.dispose();
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
});

const requestFrom = async (address: string) =>
  (await allRequests(stack)).find((r) => r.subjectEmail === address);
const rawKept = async (ref: unknown) => {
  const [, bucket, key] = /^s3:\/\/([^/]+)\/(.+)$/.exec(String(ref)) ?? [];
  const head = await s3().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return head.ContentLength ?? 0;
};

describe('never lose a mail', () => {
  it('keeps bytes that are not MIME and makes a triage item', async () => {
    await sendMail(stack, Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x41, 0x42, 0x0d, 0x0a, 0x90, 0x91]), {
      from: 'binary@example.org',
      to: [stack.mailbox],
    });
    const triage = await waitFor(
      async () => (await allRequests(stack)).find((r) => r.statusReason === 'unparseable_mime'),
      'the triage item',
    );
    expect(triage.status).toBe('triage');
    expect(await rawKept(triage.rawRef)).toBeGreaterThan(0);
  });

  it('takes in a 30 MB mail: the request is stored and the raw mail kept', { timeout: 120_000 }, async () => {
    const from = 'big-mail@example.org';
    const attachment = Buffer.alloc(22 * 1024 * 1024, 7)
      .toString('base64')
      .replace(/.{76}/g, '$&\r\n');
    const raw = [
      `From: ${from}`,
      'To: gdpr@example.com',
      'Subject: Please delete my data',
      'Message-ID: <big-1@example.org>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="big"',
      '',
      '--big',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hello, please erase all personal data you hold about me. My ID card scan is attached.',
      '--big',
      'Content-Type: application/pdf; name="scan.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      attachment,
      '--big--',
      '',
    ].join('\r\n');
    expect(raw.length).toBeGreaterThan(30 * 1024 * 1024);
    await sendMail(stack, raw, { from, to: [stack.mailbox] });
    const request = await waitFor(() => requestFrom(from), 'the request for the big mail', 90_000);
    expect(request).toMatchObject({ status: expect.not.stringMatching(/^triage$/), types: ['erasure'] });
    expect(await rawKept(request.rawRef)).toBeGreaterThan(30 * 1024 * 1024);
  });

  it('turns a mail with neither subject nor body into a triage item', async () => {
    const from = 'empty-body@example.org';
    await sendMail(stack, mime({ from, subject: '', body: '' }), { from, to: [stack.mailbox] });
    const triage = await waitFor(() => requestFrom(from), 'the triage item');
    expect(triage).toMatchObject({ status: 'triage', statusReason: 'empty_message' });
    expect(await rawKept(triage.rawRef)).toBeGreaterThan(0);
  });

  it('reads a mail in an unknown charset as well as it can, and keeps it', async () => {
    const from = 'charset@example.org';
    const raw = Buffer.concat([
      Buffer.from(
        [
          `From: ${from}`,
          'To: gdpr@example.com',
          'Subject: Radera mina uppgifter',
          'Message-ID: <charset-1@example.org>',
          'MIME-Version: 1.0',
          'Content-Type: text/plain; charset=x-klingon-8',
          'Content-Transfer-Encoding: 8bit',
          '',
          '',
        ].join('\r\n'),
      ),
      Buffer.from('Hej! Radera alla mina personuppgifter. H\xe4lsningar, \xc5sa\r\n', 'latin1'),
    ]);
    await sendMail(stack, raw, { from, to: [stack.mailbox] });
    const request = await waitFor(() => requestFrom(from), 'the request in an unknown charset');
    expect(['received', 'triage', 'awaiting_verification']).toContain(request.status);
    expect(request.types).toEqual(['erasure']);
    expect(await rawKept(request.rawRef)).toBeGreaterThan(0);
  });

  it('stores the request on the retry after the intake handler crashed', async () => {
    const from = 'crash@example.org';
    // Three failed writes exhaust the SDK's own retries: the handler invocation fails.
    failRequestWrites = 3;
    injectedFailures = 0;
    await sendMail(
      stack,
      mime({ from, subject: 'Registerutdrag', body: 'Hej, jag vill ha ett registerutdrag. /Ola' }),
      {
        from,
        to: [stack.mailbox],
      },
    );
    const request = await waitFor(() => requestFrom(from), 'the request after the retry');
    expect(injectedFailures).toBe(3);
    expect(request).toMatchObject({ channel: 'email', types: ['access'] });
    expect(await rawKept(request.rawRef)).toBeGreaterThan(0);
    await waitFor(
      async () => stack.stepFunctions.listExecutions().some((e) => e.name === request.id),
      'the workflow of the retried request',
    );
    expect((await allRequests(stack)).filter((r) => r.subjectEmail === from)).toHaveLength(1);
  });
});
