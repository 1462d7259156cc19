import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { MODEL_FILE } from '../functions/core/intake/classify/classify-model-file';
import { BUNDLE_OPTIONS, CLASSIFIER_MODEL, ESBUILD_OPTIONS, MAIL_PARSER_TABLES } from '../infra/bundling';
import { FUNCTIONS, shipsClassifierModel } from '../infra/function-catalog';

/**
 * Each Lambda bundle as CDK builds it: minified size and cold import time in a fresh Node process
 * (median of several runs), next to the floor ARCHITECTURE.md §10 measures against: a bundle of the
 * same AWS SDK clients alone. Prints the budgets' verdicts; asserts nothing. The classifier's model
 * file, which a bundle that classifies reads in full, is part of its size; files a bundle loads only
 * for the rare mail that needs them (the double-byte codecs in `tables/`) are not.
 */
const RUNS = 7;
/** No bundle may be larger: beyond it, cold starts of the mail functions were 250 ms and more. */
const LARGEST_BUDGET_KB = 1500;
const MEDIAN_BUDGET_KB = 400;
const out = mkdtempSync(path.join(tmpdir(), 'pd-bundles-'));
// Beside the bundles, as in their assets: the mail parser reads its GBK table when it loads, the
// classifier its model when it first classifies.
for (const command of [...MAIL_PARSER_TABLES, ...CLASSIFIER_MODEL]) {
  execSync(command.replaceAll('{inputDir}', process.cwd()).replaceAll('{outputDir}', out));
}

const MODEL = path.join(out, MODEL_FILE);

const CLIENT_IMPORTS: Record<string, string> = {
  '@aws-sdk/client-dynamodb': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'; export const dynamodb = [DynamoDBDocumentClient.from(new DynamoDBClient({})), GetCommand];`,
  '@aws-sdk/client-s3': `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3'; export const s3 = [new S3Client({}), GetObjectCommand];`,
  '@aws-sdk/client-sesv2': `import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'; export const ses = [new SESv2Client({}), SendEmailCommand];`,
  '@aws-sdk/client-sfn': `import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn'; export const sfn = [new SFNClient({}), StartExecutionCommand];`,
};

async function bundle(
  name: string,
  entry: string | { contents: string },
): Promise<{ file: string; metafile: Metafile }> {
  const outfile = path.join(out, `${name}.cjs`);
  const result = await build({
    ...(typeof entry === 'string'
      ? { entryPoints: [entry] }
      : { stdin: { ...entry, resolveDir: process.cwd(), loader: 'ts' } }),
    ...ESBUILD_OPTIONS,
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  return { file: outfile, metafile: result.metafile };
}

function coldImportMs(file: string): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const times = Array.from({ length: RUNS }, () =>
    Number(execFileSync(process.execPath, ['-e', script]).toString()),
  );
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

function clientsIn(metafile: Metafile): string[] {
  const inputs = Object.keys(metafile.inputs);
  return Object.keys(CLIENT_IMPORTS).filter((client) =>
    inputs.some((i) => i.includes(`node_modules/${client}/`)),
  );
}

const floors = new Map<string, number>();
async function floorBytes(clients: string[]): Promise<number> {
  const key = clients.join('+');
  if (clients.length === 0) return 0;
  const known = floors.get(key);
  if (known !== undefined) return known;
  const { file } = await bundle(`floor-${floors.size}`, {
    contents: clients.map((c) => CLIENT_IMPORTS[c]).join('\n'),
  });
  const bytes = statSync(file).size;
  floors.set(key, bytes);
  return bytes;
}

const rows: { name: string; bytes: number; floor: number; clients: string[]; importMs: number }[] = [];
for (const [name, spec] of Object.entries(FUNCTIONS)) {
  const { file, metafile } = await bundle(name, spec.entry);
  const clients = clientsIn(metafile);
  const model = shipsClassifierModel(spec) ? statSync(MODEL).size : 0;
  rows.push({
    name,
    bytes: statSync(file).size + model,
    floor: await floorBytes(clients),
    clients,
    importMs: coldImportMs(file),
  });
}

const kb = (bytes: number) => (bytes / 1024).toFixed(0);
console.log(
  `Lambda bundles: esbuild, minified, ${BUNDLE_OPTIONS.target}, ESM-first resolution; Node ${process.version}; median of ${RUNS} cold imports`,
);
console.log(
  `${'bundle'.padEnd(20)}${'KB'.padStart(7)}${'SDK floor KB'.padStart(14)}${'ratio'.padStart(7)}${'import ms'.padStart(11)}  clients`,
);
for (const row of rows) {
  const ratio = row.floor > 0 ? (row.bytes / row.floor).toFixed(2) : '-';
  console.log(
    `${row.name.padEnd(20)}${kb(row.bytes).padStart(7)}${(row.floor ? kb(row.floor) : '-').padStart(14)}${ratio.padStart(7)}${row.importMs.toFixed(0).padStart(11)}  ${row.clients.map((c) => c.replace('@aws-sdk/client-', '')).join(', ')}`,
  );
}
const sizes = rows.map((r) => r.bytes).sort((a, b) => a - b);
const median = sizes[Math.floor(sizes.length / 2)] ?? 0;
const largest = rows.reduce((a, b) => (b.bytes > a.bytes ? b : a));
const verdict = (within: boolean) => (within ? 'within' : 'OVER');
console.log(
  `\nlargest bundle ${largest.name} ${kb(largest.bytes)} KB (budget ${LARGEST_BUDGET_KB}, ${verdict(largest.bytes <= LARGEST_BUDGET_KB * 1024)}); ` +
    `median ${kb(median)} KB (budget ${MEDIAN_BUDGET_KB}, ${verdict(median <= MEDIAN_BUDGET_KB * 1024)})`,
);
console.log(
  `over ${LARGEST_BUDGET_KB} KB: ${
    rows
      .filter((r) => r.bytes > LARGEST_BUDGET_KB * 1024)
      .map((r) => r.name)
      .join(', ') || 'none'
  }; ` +
    `within 1.25x of their SDK clients: ${rows.filter((r) => r.floor > 0 && r.bytes <= 1.25 * r.floor).length}/${rows.filter((r) => r.floor > 0).length}; ` +
    `at or under 300 KB: ${
      rows
        .filter((r) => r.bytes <= 300 * 1024)
        .map((r) => r.name)
        .join(', ') || 'none'
    }`,
);
rmSync(out, { recursive: true, force: true });
