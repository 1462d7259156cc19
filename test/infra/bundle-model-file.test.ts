import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyText } from '../../functions/core/intake/classify/classify-mail';
import { CLASSIFIER_MODEL, ESBUILD_OPTIONS } from '../../infra/bundling';
import { FUNCTIONS, shipsClassifierModel } from '../../infra/function-catalog';

const ROOT = path.join(import.meta.dirname, '../..');
const out = mkdtempSync(path.join(tmpdir(), 'pd-model-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const TEXTS = [
  { subject: 'Radera mig', text: 'Hej, ta bort allt ni har om mig. /Lena' },
  { subject: '', text: 'Please send me a copy of my personal data.' },
];

async function classifierBundle(name: string): Promise<string> {
  const dir = path.join(out, name);
  await build({
    ...ESBUILD_OPTIONS,
    entryPoints: [path.join(ROOT, 'functions/core/intake/classify/classify-mail.ts')],
    outfile: path.join(dir, 'index.js'),
    logLevel: 'error',
  });
  return dir;
}

function classifyInBundle(dir: string): unknown {
  const script = `const { classifyText } = require(${JSON.stringify(path.join(dir, 'index.js'))}); process.stdout.write(JSON.stringify(JSON.parse(process.env.TEXTS).map((t) => classifyText(t))))`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], {
      env: { TEXTS: JSON.stringify(TEXTS) },
      cwd: tmpdir(),
      stdio: 'pipe',
    }).toString(),
  );
}

describe('the classifier model file in the bundles', () => {
  it('ships beside every bundle that classifies, and beside no other', async () => {
    for (const [name, spec] of Object.entries(FUNCTIONS)) {
      const { metafile } = await build({
        ...ESBUILD_OPTIONS,
        entryPoints: [path.join(ROOT, spec.entry)],
        write: false,
        metafile: true,
        logLevel: 'error',
      });
      const classifies = Object.keys(metafile.inputs).some((input) =>
        input.endsWith('classify-model-data.ts'),
      );
      expect(shipsClassifierModel(spec), `${name} ${classifies ? 'classifies' : 'does not classify'}`).toBe(
        classifies,
      );
    }
  }, 120_000);

  it('is read from the bundle’s own directory, and classifies as the source does', async () => {
    const dir = await classifierBundle('shipped');
    for (const command of CLASSIFIER_MODEL)
      execSync(command.replaceAll('{inputDir}', ROOT).replaceAll('{outputDir}', dir));
    expect(classifyInBundle(dir)).toEqual(JSON.parse(JSON.stringify(TEXTS.map((t) => classifyText(t)))));
  }, 60_000);

  it('fails by naming the file when a bundle ships without it', async () => {
    const dir = await classifierBundle('without');
    expect(() => classifyInBundle(dir)).toThrow(/classify-model\.bin/);
  }, 60_000);
});
