/**
 * Fuzz, the long run: thousands of generated requests at every public route (and the staff API
 * without sign-in) on a local stack, and generated mail at the parser and classifier. Checks what
 * the short run in `npm test` checks (never a 5xx, no lasting write without authentication, an
 * answer within the bound, no exception) and prints answer times and status counts per route.
 *
 *   npx tsx bench/fuzz.ts            (FUZZ_RUNS=… per route, FUZZ_MAIL_RUNS=…, FUZZ_SEED=… to replay)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { isProbablyMime, parseMail } from '../functions/adapters/parse-mail';
import { classifyMail } from '../functions/core/intake/classify/classify-mail';
import { startLocalStack } from '../local/stack';
import { rawMail } from '../test/security/fuzz-mail-support';
import {
  type FuzzCase,
  lastingItems,
  mayWrite,
  ROUTE_NAMES,
  routeCases,
  send,
} from '../test/security/fuzz-support';
import { mailRequest, verificationLink } from '../test/support/workflow';
import { percentile } from './percentile';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const MAIL_RUNS = Number(process.env.FUZZ_MAIL_RUNS ?? 20_000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

async function main(): Promise<number> {
  console.log(`fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${RUNS} cases per route`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'privacy-desk-fuzz-'));
  const logs: string[] = [];
  const stack = await startLocalStack({
    dataDir,
    ports: { http: 0, smtp: 0, dynamodb: 0, s3: 0, ses: 0, sfn: 0, secrets: 0 },
    // Every case comes from 127.0.0.1: the form's per-IP limit would turn most into 429s.
    env: { FORM_LIMIT_PER_IP: String(RUNS * 4) },
    log: (line) => logs.push(line),
  });
  let failed = false;
  try {
    const stackLike = { ...stack, dataDir, logs, dispose: async () => undefined };
    const subject = 'fuzz.subject@example.se';
    const id = await mailRequest(stackLike, subject, 'Registerutdrag', 'Hej, jag vill ha en kopia.');
    await verificationLink(stackLike, subject);
    const cases = routeCases([id]);
    console.log('route        cases  p50 ms  p99 ms  max ms  statuses');
    for (const route of ROUTE_NAMES) {
      const times: number[] = [];
      const statuses = new Map<number, number>();
      try {
        await fc.assert(
          fc.asyncProperty(cases[route] as fc.Arbitrary<FuzzCase>, async (fuzz) => {
            const before = await lastingItems(stack);
            const answer = await send(stack, fuzz);
            times.push(answer.ms);
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            if (answer.status >= 500) throw new Error(`${answer.status} for ${fuzz.method} ${fuzz.target}`);
            if (!mayWrite(fuzz, answer) && (await lastingItems(stack)) !== before)
              throw new Error(`a lasting write for ${fuzz.method} ${fuzz.target}`);
          }),
          { numRuns: RUNS, seed: SEED },
        );
      } catch (error) {
        failed = true;
        console.error(`${route}: ${(error as Error).message}`);
      }
      times.sort((a, b) => a - b);
      const counts = [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      console.log(
        `${route.padEnd(12)} ${String(times.length).padStart(5)} ${percentile(times, 50).toFixed(1).padStart(7)} ${percentile(times, 99).toFixed(1).padStart(7)} ${(times[times.length - 1] ?? 0).toFixed(1).padStart(7)}  ${counts}`,
      );
    }
    await stack.stepFunctions.settled();
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const mailTimes: number[] = [];
  try {
    await fc.assert(
      fc.asyncProperty(rawMail, async (raw) => {
        const started = performance.now();
        isProbablyMime(raw);
        const category = classifyMail(await parseMail(raw)).category;
        mailTimes.push(performance.now() - started);
        if (!category) throw new Error('no category');
      }),
      { numRuns: MAIL_RUNS, seed: SEED },
    );
  } catch (error) {
    failed = true;
    console.error(`mail: ${(error as Error).message}`);
  }
  mailTimes.sort((a, b) => a - b);
  console.log(
    `mail parse+classify: ${mailTimes.length} mails, p50 ${percentile(mailTimes, 50).toFixed(2)} ms, p99 ${percentile(mailTimes, 99).toFixed(2)} ms, max ${(mailTimes[mailTimes.length - 1] ?? 0).toFixed(2)} ms`,
  );
  console.log(failed ? 'fuzz: FAILED (see above; the seed replays it)' : 'fuzz: all properties held');
  return failed ? 1 : 0;
}

process.exitCode = await main();
