/**
 * The shipped model, read when the classifier first classifies: training writes it
 * (scripts/train-classifier.ts) and every bundle that classifies ships it beside its code
 * (CLASSIFIER_MODEL in infra/bundling.ts, where `import.meta.dirname` becomes the bundle's directory).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SerializedModel } from './classify-model';
import { MODEL_FILE, modelOfFile } from './classify-model-file';

/** Reads the file each time: the classifier keeps the model it loads from it, not the file's text. */
export function readShippedModel(): SerializedModel {
  return modelOfFile(readFileSync(join(import.meta.dirname, MODEL_FILE)));
}
