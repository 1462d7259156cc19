import { createHash, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CfnTemplate } from './template-model';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
/** What the stack is built from: its code, the data map and templates, the workflow, the pinned CDK. */
const INPUTS = ['infra', 'config', 'statemachines', 'functions/core', 'package-lock.json'];
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'privacy-desk', 'templates');

export interface SynthOptions {
  readonly mailDomain: string;
  readonly region: string;
}

function filesUnder(entry: string): string[] {
  const full = path.join(REPO_ROOT, entry);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (statSync(full).isFile()) return [entry];
  return readdirSync(full, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((child) => filesUnder(path.join(entry, child.name)));
}

/** A digest of every input of the synth, so an edited grant is never answered from the cache. */
export function synthDigest(options: SynthOptions): string {
  const hash = createHash('sha256').update(JSON.stringify(options));
  for (const file of INPUTS.flatMap(filesUnder)) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(REPO_ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

/**
 * The deploy's own CDK app, synthesized in this process with the demo stores and no asset
 * bundling (policies do not depend on bundles), for the local stack to take its IAM policies from.
 */
export async function synthesizeTemplate(options: SynthOptions): Promise<CfnTemplate> {
  const { buildPrivacyDeskApp, STACK_NAME } = await import('../../infra/privacy-desk-app');
  const outdir = mkdtempSync(path.join(tmpdir(), 'privacy-desk-synth-'));
  try {
    const { app } = buildPrivacyDeskApp({
      context: {
        mailDomain: options.mailDomain,
        demo: true,
        'aws:cdk:bundling-stacks': [],
        'aws:cdk:enable-path-metadata': true,
      },
      env: { region: options.region },
      checks: false,
      outdir,
    });
    return app.synth().getStackByName(STACK_NAME).template as CfnTemplate;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The synthesized template from the on-disk cache when its inputs are unchanged, else a fresh
 * synth, written atomically (parallel test workers may synthesize at the same time).
 */
export async function cachedTemplate(
  options: SynthOptions,
): Promise<{ template: CfnTemplate; cached: boolean; ms: number }> {
  const started = performance.now();
  const file = path.join(CACHE_DIR, `${synthDigest(options)}.json`);
  try {
    const template = JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate;
    return { template, cached: true, ms: performance.now() - started };
  } catch {
    const template = await synthesizeTemplate(options);
    mkdirSync(CACHE_DIR, { recursive: true });
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, JSON.stringify(template));
    renameSync(temporary, file);
    return { template, cached: false, ms: performance.now() - started };
  }
}
