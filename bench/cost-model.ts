/**
 * Cost model: runs named scenarios on the local stack and counts what AWS bills per request —
 * Step Functions state transitions (every state entered, Map iterations included), Lambda
 * invocations and GB-seconds, DynamoDB request units, SES mails, S3 requests — then prices them.
 *
 *   npx tsx bench/cost-model.ts
 *
 * DynamoDB and S3 calls are counted by small counting proxies in front of the stand-ins (the
 * handlers' endpoints point at them); Lambda invocations by the local runtime's counter.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FUNCTIONS, type FunctionName } from '../infra/function-catalog';
import { invocationStats } from '../local/lambda-runtime';
import { outbox, portsOf, startTestStack, type TestStack, waitFor } from '../test/support/stack';
import {
  completeTask,
  confirm,
  mailRequest,
  verificationLink,
  waitForStatus,
} from '../test/support/workflow';

/** Public prices, eu-west-1 (Ireland), as assumed here; check the pricing pages before relying on them. */
const PRICES = {
  stepFunctionsPerTransition: 0.025 / 1000, // Standard workflows
  lambdaPerGbSecond: 0.0000133334, // arm64
  lambdaPerRequest: 0.2 / 1_000_000,
  dynamoPerWriteUnit: 1.25 / 1_000_000, // on-demand write request unit (eu-west-1 is listed at $1.4135 in some tables: assumption)
  dynamoPerReadUnit: 0.25 / 1_000_000, // on-demand read request unit
  sesPerMail: 0.1 / 1000,
  s3PerPut: 0.005 / 1000, // PUT, COPY, POST, LIST
  s3PerGet: 0.0004 / 1000, // GET, HEAD
  kmsPerRequest: 0.03 / 10_000,
};

const hardStop = setTimeout(() => {
  console.error('cost model: time limit reached, stopping');
  process.exit(2);
}, 280_000);
hardStop.unref();

interface Counts {
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
  dynamoCalls: number;
  s3Put: number;
  s3Get: number;
}

const counts: Counts = { dynamoWriteUnits: 0, dynamoReadUnits: 0, dynamoCalls: 0, s3Put: 0, s3Get: 0 };

/** A proxy that forwards every call and counts it. */
async function countingProxy(
  kind: 'dynamodb' | 's3',
  target: () => string,
): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(([name]) => name !== 'host' && name !== 'content-length'),
    ) as Record<string, string>;
    try {
      const answer = await fetch(`${target()}${req.url ?? '/'}`, {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      });
      const answerBody = Buffer.from(await answer.arrayBuffer());
      if (kind === 'dynamodb') countDynamo(String(req.headers['x-amz-target'] ?? ''), body, answerBody);
      else countS3(req.method ?? 'GET', req.url ?? '/');
      const answerHeaders = Object.fromEntries(
        [...answer.headers].filter(
          ([n]) => !['content-length', 'transfer-encoding', 'content-encoding', 'connection'].includes(n),
        ),
      );
      res.writeHead(answer.status, answerHeaders);
      res.end(answerBody);
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/**
 * Request units, approximated from sizes: a write costs one unit per started KB of the item (the
 * request body), plus one per global secondary index the item is in; a read one unit per started
 * 4 KB returned (strongly consistent; eventually consistent reads cost half).
 */
function countDynamo(target: string, request: Buffer, answer: Buffer): void {
  const operation = target.split('.').pop() ?? '';
  counts.dynamoCalls += 1;
  const text = request.toString('utf8');
  if (['PutItem', 'UpdateItem', 'DeleteItem'].includes(operation)) {
    const indexes = (text.includes('"gsi1pk"') ? 1 : 0) + (text.includes('"gsi2pk"') ? 1 : 0);
    counts.dynamoWriteUnits += Math.max(1, Math.ceil(request.length / 1024)) * (1 + indexes);
  } else if (['GetItem', 'Query', 'Scan'].includes(operation)) {
    const consistent = text.includes('"ConsistentRead":true');
    const units = Math.max(1, Math.ceil(answer.length / 4096));
    counts.dynamoReadUnits += consistent ? units : units / 2;
  } else if (operation === 'BatchWriteItem') {
    counts.dynamoWriteUnits += Math.max(1, Math.ceil(request.length / 1024));
  }
}

function countS3(method: string, url: string): void {
  if (method === 'GET' && /[?&]list-type=2/.test(url))
    counts.s3Put += 1; // LIST is billed as a PUT-class request
  else if (method === 'GET' || method === 'HEAD') counts.s3Get += 1;
  else if (method === 'PUT' || method === 'POST' || method === 'COPY') counts.s3Put += 1;
  // DELETE requests are free.
}

interface Snapshot {
  counts: Counts;
  lambda: Record<string, { count: number; ms: number }>;
  mails: number;
}

async function snapshot(stack: TestStack): Promise<Snapshot> {
  return {
    counts: { ...counts },
    lambda: JSON.parse(JSON.stringify(invocationStats)),
    mails: (await outbox(stack)).length,
  };
}

interface ScenarioResult {
  name: string;
  transitions: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  writeUnits: number;
  readUnits: number;
  mails: number;
  s3Put: number;
  s3Get: number;
  cost: Record<string, number>;
}

const memoryGb = (name: string) =>
  ((FUNCTIONS[name as FunctionName] as { memoryMb?: number }).memoryMb ?? 512) / 1024;

async function measure(stack: TestStack, name: string, run: () => Promise<string>): Promise<ScenarioResult> {
  await stack.stepFunctions.settled();
  const before = await snapshot(stack);
  const requestId = await run();
  await waitFor(
    async () =>
      stack.stepFunctions.listExecutions().find((e) => e.name === requestId && e.status !== 'RUNNING'),
    `the execution of ${name}`,
    60_000,
  );
  await stack.smtp.drain();
  const after = await snapshot(stack);
  const execution = stack.stepFunctions.listExecutions().find((e) => e.name === requestId);
  let lambdaInvocations = 0;
  let lambdaGbSeconds = 0;
  for (const [fn, stats] of Object.entries(after.lambda)) {
    const prior = before.lambda[fn] ?? { count: 0, ms: 0 };
    lambdaInvocations += stats.count - prior.count;
    lambdaGbSeconds += (Math.ceil(stats.ms - prior.ms) / 1000) * memoryGb(fn);
  }
  // SES receiving writes the raw mail to S3 (one PUT) outside the handlers: added here.
  const s3Put = after.counts.s3Put - before.counts.s3Put + 1;
  const s3Get = after.counts.s3Get - before.counts.s3Get;
  const result = {
    name,
    transitions: execution?.transitions ?? 0,
    lambdaInvocations,
    lambdaGbSeconds,
    writeUnits: after.counts.dynamoWriteUnits - before.counts.dynamoWriteUnits,
    readUnits: after.counts.dynamoReadUnits - before.counts.dynamoReadUnits,
    mails: after.mails - before.mails,
    s3Put,
    s3Get,
  };
  // With S3 Bucket Keys and DynamoDB's cached table key, KMS calls are amortised across requests:
  // assumed one data-key request per ten object operations as an upper bound.
  const kmsRequests = Math.ceil((s3Put + s3Get) / 10);
  const cost = {
    stepFunctions: result.transitions * PRICES.stepFunctionsPerTransition,
    lambda: lambdaInvocations * PRICES.lambdaPerRequest + lambdaGbSeconds * PRICES.lambdaPerGbSecond,
    dynamodb: result.writeUnits * PRICES.dynamoPerWriteUnit + result.readUnits * PRICES.dynamoPerReadUnit,
    ses: result.mails * PRICES.sesPerMail,
    s3: s3Put * PRICES.s3PerPut + s3Get * PRICES.s3PerGet,
    kms: kmsRequests * PRICES.kmsPerRequest,
  };
  return { ...result, cost };
}

const usd = (n: number) => `$${n.toFixed(6)}`;

async function main(): Promise<void> {
  process.env.PD_DEADLINE_WATCH_MINUTES = '0';
  process.env.PD_RETENTION_PURGE_MINUTES = '0';
  let stack: TestStack | undefined;
  const dynamo = await countingProxy('dynamodb', () => stack?.urls.dynamodb ?? '');
  const s3 = await countingProxy('s3', () => stack?.urls.s3 ?? '');
  const env = { DYNAMODB_ENDPOINT: dynamo.url, S3_ENDPOINT: s3.url };
  const results: ScenarioResult[] = [];
  try {
    stack = await startTestStack({ env });
    const live = stack;
    results.push(
      await measure(live, 'access (happy path)', async () => {
        const subject = 'astrid.lindqvist@example.se';
        const id = await mailRequest(
          live,
          subject,
          'Registerutdrag',
          'Hej, jag vill ha en kopia av mina personuppgifter.',
        );
        await confirm(await verificationLink(live, subject));
        await completeTask(live, id, 'review', { decision: 'approve' });
        await completeTask(live, id, 'manual:file-share', { outcome: 'nothing_found' });
        await waitForStatus(live, id, 'completed', 60_000);
        return id;
      }),
    );
    results.push(
      await measure(live, 'erasure (plan approved)', async () => {
        const subject = 'ola.nordmann@example.no';
        const id = await mailRequest(
          live,
          subject,
          'Sletting',
          'Hei, jeg vil at dere sletter alle personopplysninger om meg.',
        );
        await confirm(await verificationLink(live, subject));
        await completeTask(live, id, 'review', { decision: 'approve' });
        await completeTask(live, id, 'manual:file-share', { outcome: 'nothing_found' });
        await completeTask(live, id, 'erasure_plan', { decision: 'approve' });
        await waitForStatus(live, id, 'completed', 60_000);
        return id;
      }),
    );
    results.push(
      await measure(live, 'objection (auto-approved)', async () => {
        const subject = 'per.dahl@example.se';
        const id = await mailRequest(
          live,
          subject,
          'Avregistrera',
          'Hej, jag vill avregistrera mig från ert nyhetsbrev. Sluta skicka utskick.',
        );
        await confirm(await verificationLink(live, subject));
        await waitFor(
          async () =>
            live.stepFunctions.listExecutions().find((e) => e.name === id && e.status !== 'RUNNING'),
          'the objection to finish',
          60_000,
        );
        return id;
      }),
    );
    // The SDK clients of this process keep their endpoints: the next stack listens on the same ports.
    const ports = portsOf(live);
    await live.dispose();

    // A verification window of two seconds instead of fourteen days, on a stack of its own.
    stack = await startTestStack({ env, ports, stepTimeouts: { VerifyIdentity: 2 } });
    const short = stack;
    try {
      results.push(
        await measure(short, 'rejected (unverified)', async () => {
          const subject = 'oskar.lund@example.com';
          const id = await mailRequest(
            short,
            subject,
            'Copy of my data',
            'Please send me a copy of all personal data you hold about me.',
          );
          await waitForStatus(short, id, 'rejected', 60_000);
          return id;
        }),
      );
    } catch (error) {
      console.error(`rejected (unverified): not measured (${(error as Error).message})`);
    }
  } finally {
    await stack?.dispose();
    dynamo.server.close();
    s3.server.close();
  }

  console.log(
    'Privacy Desk: AWS cost per request by scenario (local stack, counted; prices: eu-west-1 list prices as assumed in PRICES)',
  );
  console.log(
    'scenario                   | transitions | λ calls | λ GB-s  | DDB WRU | DDB RRU | SES | S3 PUT/LIST | S3 GET | SFN       | Lambda    | DynamoDB  | SES       | S3        | KMS       | total',
  );
  for (const r of results) {
    const total = Object.values(r.cost).reduce((a, b) => a + b, 0);
    console.log(
      [
        r.name.padEnd(26),
        String(r.transitions).padStart(11),
        String(r.lambdaInvocations).padStart(7),
        r.lambdaGbSeconds.toFixed(3).padStart(7),
        String(r.writeUnits).padStart(7),
        r.readUnits.toFixed(1).padStart(7),
        String(r.mails).padStart(3),
        String(r.s3Put).padStart(11),
        String(r.s3Get).padStart(6),
        usd(r.cost.stepFunctions ?? 0),
        usd(r.cost.lambda ?? 0),
        usd(r.cost.dynamodb ?? 0),
        usd(r.cost.ses ?? 0),
        usd(r.cost.s3 ?? 0),
        usd(r.cost.kms ?? 0),
        usd(total),
      ].join(' | '),
    );
  }
  const access = results.find((r) => r.name.startsWith('access'));
  const erasure = results.find((r) => r.name.startsWith('erasure'));
  console.log(`state transitions: access happy path ${access?.transitions}, erasure ${erasure?.transitions}`);
  console.log(
    'notes: Lambda GB-s from local handler time × configured memory (a local proxy, not Lambda billing); DynamoDB units from item and answer sizes, ' +
      'plus one write unit per GSI entry; one S3 PUT added per request for the raw mail SES receiving stores; KMS assumed 1 call per 10 object operations ' +
      '(Bucket Keys); free tiers, CloudWatch Logs ingestion and API Gateway are not included.',
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    clearTimeout(hardStop);
    process.exit(process.exitCode ?? 0);
  });
