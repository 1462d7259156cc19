/**
 * The shipped model, read when the classifier first classifies: training writes it
 * (scripts/train-classifier.ts) and every bundle that classifies ships it beside its code
 * (CLASSIFIER_MODEL in infra/bundling.ts, where `import.meta.dirname` becomes the bundle's directory).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SerializedModel } from './classify-model';
import { MODEL_FILE, modelOfFile } from './classify-model-file';

let shipped: SerializedModel | undefined;

export function readShippedModel(): SerializedModel {
  shipped ??= modelOfFile(readFileSync(join(import.meta.dirname, MODEL_FILE)));
  return shipped;
}
