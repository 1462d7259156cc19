import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS } from '../infra/bundling';
import { FUNCTIONS } from '../infra/function-catalog';

/**
 * Each Lambda bundle as CDK builds it: minified size, and its cold import time in a fresh Node
 * process (median of several runs). Also the same SDK clients alone, the floor to compare with.
 */
const RUNS = 7;
const out = mkdtempSync(path.join(tmpdir(), 'pd-bundles-'));

async function bundle(name: string, entry: string | { contents: string }): Promise<string> {
  const outfile = path.join(out, `${name}.cjs`);
  await build({
    ...(typeof entry === 'string' ? { entryPoints: [entry] } : { stdin: { ...entry, resolveDir: process.cwd(), loader: 'ts' } }),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: BUNDLE_OPTIONS.target,
    minify: BUNDLE_OPTIONS.minify,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

function coldImportMs(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const times = Array.from({ length: RUNS }, () => Number(execFileSync(process.execPath, ['-e', script]).toString()));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

const baselines: Record<string, string> = {
  'sdk: dynamodb document client': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'; export const c = [DynamoDBDocumentClient.from(new DynamoDBClient({})), GetCommand];`,
  'sdk: sesv2 client': `import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'; export const c = [new SESv2Client({}), SendEmailCommand];`,
};

const rows: { name: string; bytes: number; importMs: number }[] = [];
for (const [name, spec] of Object.entries(FUNCTIONS)) {
  const file = await bundle(name, spec.entry);
  rows.push({ name, bytes: statSync(file).size, importMs: coldImportMs(file) });
}
for (const [name, contents] of Object.entries(baselines)) {
  const file = await bundle(name.replace(/\W+/g, '-'), { contents });
  rows.push({ name, bytes: statSync(file).size, importMs: coldImportMs(file) });
}

console.log(`Lambda bundles (esbuild, minified, ${BUNDLE_OPTIONS.target}, ESM-first resolution; Node ${process.version}, median of ${RUNS} cold imports)`);
console.log('bundle'.padEnd(34), 'bytes'.padStart(10), 'KB'.padStart(8), 'import ms'.padStart(10), ' <=300KB');
for (const row of rows) {
  console.log(
    row.name.padEnd(34),
    String(row.bytes).padStart(10),
    (row.bytes / 1024).toFixed(1).padStart(8),
    row.importMs.toFixed(1).padStart(10),
    row.name.startsWith('sdk:') ? '' : row.bytes <= 300 * 1024 ? '  yes' : '  no',
  );
}
writeFileSync(path.join(out, 'result.json'), JSON.stringify(rows));
rmSync(out, { recursive: true, force: true });
