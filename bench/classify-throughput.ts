/**
 * Throughput of parse + classify over the fixture corpus, repeated to at least 10,000 mails, one
 * after another on one core. Prints mails per second and p50/p99 milliseconds per mail, for the
 * whole path and for the classifier alone.
 * Run: npx tsx bench/classify-throughput.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseMail } from '../functions/adapters/parse-mail';
import { classifyMail } from '../functions/core/intake/classify/classify-mail';
import type { InboundMail } from '../functions/core/intake/inbound-mail';

const DIR = join(import.meta.dirname, '../test/fixtures/mail');
const TARGET = 10_000;
const WARMUP_ROUNDS = 3;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Half of raw mailparser throughput on a small two-core machine: parse + classify must keep up. */
const TARGET_PER_SECOND = 2800;

function report(label: string, perMail: number[], totalMs: number): number {
  const sorted = [...perMail].sort((a, b) => a - b);
  const rate = (perMail.length / totalMs) * 1000;
  console.log(
    `${label.padEnd(18)} mails=${perMail.length} mails/s=${rate.toFixed(0)} p50=${percentile(sorted, 50).toFixed(3)}ms p99=${percentile(sorted, 99).toFixed(3)}ms`,
  );
  return rate;
}

async function main(): Promise<void> {
  const raws = readdirSync(DIR)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => readFileSync(join(DIR, f)));
  const rounds = Math.ceil(TARGET / raws.length);

  for (let i = 0; i < WARMUP_ROUNDS; i++) for (const raw of raws) classifyMail(await parseMail(raw));

  const full: number[] = [];
  const startFull = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const raw of raws) {
      const t0 = performance.now();
      classifyMail(await parseMail(raw));
      full.push(performance.now() - t0);
    }
  }
  const rate = report('parse+classify', full, performance.now() - startFull);
  console.log(
    `${''.padEnd(18)} target ${TARGET_PER_SECOND} mails/s: ${rate >= TARGET_PER_SECOND ? 'met' : 'missed'} (load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores)`,
  );

  const parsed: InboundMail[] = await Promise.all(raws.map((raw) => parseMail(raw)));
  const classifyOnly: number[] = [];
  const startClassify = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const mail of parsed) {
      const t0 = performance.now();
      classifyMail(mail);
      classifyOnly.push(performance.now() - t0);
    }
  }
  report('classify only', classifyOnly, performance.now() - startClassify);
}

await main();
