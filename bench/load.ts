/**
 * Load: a burst of 2,000 mails over real SMTP (plus 5 % exact re-deliveries) and 2,000 form
 * posts over real HTTP into the local stack, then proof that every one was stored exactly once,
 * none lost, and the queue (the byStatus index) agrees with the requests.
 *
 *   npx tsx bench/load.ts            (MAILS=… FORMS=… SMTP_CONNECTIONS=… HTTP_CONNECTIONS=… to vary)
 *
 * The form's per-IP limit (FORM_LIMIT_PER_IP, 20 an hour by default) would stop a burst from one
 * address at 20: every post here comes from 127.0.0.1, so the bench raises it through the stack's
 * `env`. The per-address limit stays as deployed (every post names its own address).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import nodemailer from 'nodemailer';
import { LOCAL_NAMES, type LocalStack, startLocalStack } from '../local/stack';
import { percentile } from './percentile';

const MAILS = Number(process.env.MAILS ?? 2000);
const FORMS = Number(process.env.FORMS ?? 2000);
const DUPLICATE_SHARE = 0.05;
const SMTP_CONNECTIONS = Number(process.env.SMTP_CONNECTIONS ?? 12);
const HTTP_CONNECTIONS = Number(process.env.HTTP_CONNECTIONS ?? 16);
/** The whole run stops by itself after this long, finished or not. */
const HARD_LIMIT_MS = 280_000;

const hardStop = setTimeout(() => {
  console.error('load bench: hard time limit reached, stopping');
  process.exit(2);
}, HARD_LIMIT_MS);
hardStop.unref();

interface Sample {
  startedAt: number;
  ms: number;
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);

function mailFor(i: number): { from: string; raw: string } {
  const from = `load-mail-${String(i).padStart(5, '0')}@example.org`;
  const raw = [
    `From: ${from}`,
    'To: gdpr@example.com',
    'Subject: Access request',
    `Message-ID: <load-${i}-${Date.now().toString(36)}@example.org>`,
    'Date: Wed, 25 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hello, please send me a copy of all personal data you hold about me (GDPR article 15).',
    '',
  ].join('\r\n');
  return { from, raw };
}

/** A few SMTP connections, each sending its share one after another; latency = one SMTP transaction. */
async function sendMails(stack: LocalStack, deliveries: { from: string; raw: string }[]): Promise<Sample[]> {
  const samples: Sample[] = [];
  let next = 0;
  const worker = async () => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: stack.smtpPort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    try {
      for (;;) {
        const i = next++;
        const delivery = deliveries[i];
        if (!delivery) return;
        const startedAt = performance.now();
        await transport.sendMail({
          envelope: { from: delivery.from, to: [stack.mailbox] },
          raw: delivery.raw,
        });
        samples.push({ startedAt, ms: performance.now() - startedAt });
      }
    } finally {
      transport.close();
    }
  };
  await Promise.all(Array.from({ length: SMTP_CONNECTIONS }, worker));
  return samples;
}

async function postForms(
  stack: LocalStack,
  count: number,
): Promise<{ samples: Sample[]; statuses: Map<number, number> }> {
  const samples: Sample[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      const startedAt = performance.now();
      const response = await fetch(`${stack.urls.http}/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        body: JSON.stringify({
          email: `load-form-${String(i).padStart(5, '0')}@example.org`,
          types: ['access'],
          relationship: 'customer',
          text: 'Please send me a copy of my personal data.',
        }),
      });
      await response.arrayBuffer();
      samples.push({ startedAt, ms: performance.now() - startedAt });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: HTTP_CONNECTIONS }, worker));
  return { samples, statuses };
}

async function scanAll(
  db: DynamoDBDocumentClient,
  filter: string,
  values: Record<string, unknown>,
  names?: Record<string, string>,
) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({
        TableName: LOCAL_NAMES.requestsTable,
        FilterExpression: filter,
        ExpressionAttributeValues: values,
        ...(names ? { ExpressionAttributeNames: names } : {}),
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

async function countByStatusIndex(db: DynamoDBDocumentClient, status: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: LOCAL_NAMES.requestsTable,
        IndexName: 'byStatus',
        KeyConditionExpression: 'gsi1pk = :s',
        ExpressionAttributeValues: { ':s': `STATUS#${status}` },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

function summarise(label: string, samples: Sample[], wallMs: number): void {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  console.log(
    `${label}: ${samples.length} in ${fmt(wallMs / 1000, 2)} s = ${fmt(samples.length / (wallMs / 1000))}/s accepted; ` +
      `latency p50 ${fmt(percentile(sorted, 50))} ms, p99 ${fmt(percentile(sorted, 99))} ms, max ${fmt(sorted.at(-1) ?? 0)} ms`,
  );
}

/** The handlers log JSON lines in this process: counted, not printed, so the figures stay readable. */
let handlerLogLines = 0;
for (const method of ['log', 'error'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('{"level"')) handlerLogLines++;
    else original(...args);
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'privacy-desk-load-'));
  process.env.PD_DEADLINE_WATCH_MINUTES = '0';
  const stack = await startLocalStack({
    dataDir,
    ports: { http: 0, smtp: 0, dynamodb: 0, s3: 0, ses: 0, sfn: 0 },
    // One client IP sends every post: the per-IP limit is raised for the bench only.
    env: { FORM_LIMIT_PER_IP: String(FORMS * 10) },
    log: () => undefined,
  });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.urls.dynamodb,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    }),
  );
  try {
    console.log(
      `machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg()
        .map((l) => fmt(l, 2))
        .join(' ')}`,
    );
    console.log(
      `burst: ${MAILS} mails over ${SMTP_CONNECTIONS} SMTP connections (+${Math.round(MAILS * DUPLICATE_SHARE)} exact re-deliveries) and ${FORMS} JSON form posts over ${HTTP_CONNECTIONS} HTTP connections, at once; FORM_LIMIT_PER_IP raised to ${FORMS * 10}`,
    );

    const mails = Array.from({ length: MAILS }, (_, i) => mailFor(i));
    // Every 20th mail is delivered a second time, byte for byte (same Message-ID), later in the burst.
    const duplicates = mails.filter((_, i) => i % Math.round(1 / DUPLICATE_SHARE) === 0);
    const deliveries = [...mails, ...duplicates];

    const started = performance.now();
    const [mailSamples, forms] = await Promise.all([
      sendMails(stack, deliveries).then((s) => ({ samples: s, done: performance.now() })),
      postForms(stack, FORMS).then((r) => ({ ...r, done: performance.now() })),
    ]);
    const acceptedAll = performance.now();
    summarise('SMTP accept', mailSamples.samples, mailSamples.done - started);
    summarise('HTTP form ', forms.samples, forms.done - started);
    console.log(`HTTP statuses: ${[...forms.statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`);
    console.log(
      `all accepted after ${fmt((acceptedAll - started) / 1000, 2)} s: ${fmt((deliveries.length + FORMS) / ((acceptedAll - started) / 1000))} submissions/s`,
    );

    // Stored: every accepted mail has been handed to intake, then count META items until all are there.
    const expected = MAILS + FORMS;
    let metas: Record<string, unknown>[] = [];
    for (;;) {
      await stack.smtp.drain();
      metas = await scanAll(db, 'sk = :meta', { ':meta': 'META' });
      if (metas.length >= expected || performance.now() - started > HARD_LIMIT_MS - 60_000) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const storedAll = performance.now();
    console.log(
      `all stored after ${fmt((storedAll - started) / 1000, 2)} s (end to end): ${fmt(metas.length / ((storedAll - started) / 1000))} requests stored/s`,
    );
    await stack.stepFunctions.settled(120_000);
    const settledAll = performance.now();
    console.log(`all workflows waiting for verification after ${fmt((settledAll - started) / 1000, 2)} s`);

    // Exactly once: one request per address and channel, no more, none missing.
    const byChannel = new Map<string, number>();
    const perAddress = new Map<string, number>();
    for (const item of metas) {
      byChannel.set(String(item.channel), (byChannel.get(String(item.channel)) ?? 0) + 1);
      const key = `${item.channel}:${item.subjectEmail}`;
      perAddress.set(key, (perAddress.get(key) ?? 0) + 1);
    }
    const twice = [...perAddress.values()].filter((n) => n > 1).length;
    const missingMail = mails.filter((m) => !perAddress.has(`email:${m.from}`)).length;
    const missingForm = Array.from(
      { length: FORMS },
      (_, i) => `form:load-form-${String(i).padStart(5, '0')}@example.org`,
    ).filter((k) => !perAddress.has(k)).length;
    const claims = await scanAll(db, 'begins_with(pk, :msg)', { ':msg': 'MSG#' });
    const claimTargets = new Set(claims.map((c) => String(c.requestId)));
    const metaIds = new Set(metas.map((m) => String(m.id)));
    const danglingClaims = [...claimTargets].filter((id) => !metaIds.has(id)).length;
    const received = await scanAll(
      db,
      'begins_with(sk, :e) AND #a = :a',
      { ':e': 'EVENT#', ':a': 'request_received' },
      { '#a': 'action' },
    );
    console.log(
      `stored: ${metas.length} requests (email ${byChannel.get('email') ?? 0}, form ${byChannel.get('form') ?? 0}); expected ${expected}; ` +
        `stored twice ${twice}; missing mails ${missingMail}, missing forms ${missingForm}`,
    );
    console.log(
      `dedupe: ${duplicates.length} re-deliveries → ${claims.length} Message-ID claims for ${MAILS} mails, ${danglingClaims} claims without a request`,
    );
    console.log(`audit: ${received.length} request_received events for ${metas.length} requests`);

    // The queue: the byStatus index must hold every request under its current status (read after the workflows settled).
    const settledMetas = await scanAll(db, 'sk = :meta', { ':meta': 'META' });
    const statuses = new Map<string, number>();
    for (const item of settledMetas)
      statuses.set(String(item.status), (statuses.get(String(item.status)) ?? 0) + 1);
    let queueAgrees = true;
    const lines: string[] = [];
    for (const [status, count] of statuses) {
      const indexed = await countByStatusIndex(db, status);
      if (indexed !== count) queueAgrees = false;
      lines.push(`${status} ${count}/${indexed}`);
    }
    console.log(
      `queue (status: items/indexed): ${lines.join(', ')} → ${queueAgrees ? 'agrees' : 'DISAGREES'}`,
    );
    const executions = stack.stepFunctions.listExecutions();
    const waiting = executions.filter(
      (e) => e.status === 'RUNNING' && e.waiting?.state === 'VerifyIdentity',
    ).length;
    console.log(
      `workflows: ${executions.length} executions, ${waiting} waiting for verification, ${executions.filter((e) => e.status === 'FAILED').length} failed`,
    );
    const ok =
      metas.length === expected &&
      twice === 0 &&
      missingMail === 0 &&
      missingForm === 0 &&
      danglingClaims === 0 &&
      queueAgrees;
    console.log(`exactly once: ${ok ? 'YES' : 'NO'}`);
    console.log(`handler log lines: ${handlerLogLines} (JSON, not printed)`);
    console.log(
      `load average after: ${loadavg()
        .map((l) => fmt(l, 2))
        .join(' ')}`,
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    clearTimeout(hardStop);
    // Keep-alive sockets of the stand-ins would hold the process open.
    process.exit(process.exitCode ?? 0);
  });
