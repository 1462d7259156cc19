/**
 * Rebuilds the shipped classifier model (functions/core/intake/classify/classify-model.bin) from the
 * corpus (test/fixtures/corpus/corpus.jsonl). Deterministic: the same corpus gives the same file.
 * Run: npm run train:classifier
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { MODEL_FILE, modelFile } from '../functions/core/intake/classify/classify-model-file';
import { buildModel, parseCorpus } from '../functions/core/intake/classify/classify-train';

const ROOT = join(import.meta.dirname, '..');
const corpus = readFileSync(join(ROOT, 'test/fixtures/corpus/corpus.jsonl'), 'utf8');
const digest = createHash('sha256').update(corpus).digest('hex');
const started = performance.now();
const model = await buildModel(parseCorpus(corpus), digest);
const file = modelFile(model);
writeFileSync(join(ROOT, 'functions/core/intake/classify', MODEL_FILE), file);
console.log(
  `model: ${Math.round(file.length / 1024)} KB, triage below confidence ${model.triageBelow}, corpus sha256 ${digest.slice(0, 12)}; trained in ${((performance.now() - started) / 60_000).toFixed(1)} min on ${availableParallelism()} cores`,
);
