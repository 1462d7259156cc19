/**
 * The learned part of the classifier: a linear model over hashed features (see classify-features)
 * with one softmax over the mail categories and one yes/no (sigmoid) per request type. Trained by
 * scripts/train-classifier.ts (see classify-train); shipped as a file beside the code
 * (classify-model-file), which classify-model-data reads when the classifier first classifies.
 */

import type { RequestType } from '../../request/request';
import { MAIL_CATEGORIES, type MailCategory } from '../inbound-mail';
import { sigmoid } from './classify-boost';
import type { Calibration } from './classify-confidence';
import { type Decision, loadDecision, type SerializedDecision } from './classify-decision';
import { type FeatureOptions, type Features, HASH_BITS } from './classify-features';
import { LANGS, type LetterModel, letterModel } from './classify-language';
import { loadReader, type SecondReader, type SerializedReader } from './classify-second-reader';
import { TYPE_ORDER } from './classify-types';
import {
  type CodedLevels,
  decodeLevels,
  type FeatureList,
  linearScores,
  weightRows,
} from './classify-weight-code';

/** Request types in the model's output order: the order types are listed and carried out in. */
export const MODEL_TYPES: readonly RequestType[] = TYPE_ORDER;
export const MODEL_CATEGORIES: readonly MailCategory[] = MAIL_CATEGORIES;
export const OUTPUTS = MODEL_CATEGORIES.length + MODEL_TYPES.length;

export interface ModelOptions extends FeatureOptions {
  /** Whether the precise rules' findings are features too. */
  ruleFeatures: boolean;
}

/** The model as the training script writes it. */
export interface SerializedModel {
  format: 7;
  /** sha256 of the corpus file it was trained on: a test checks it matches the committed corpus. */
  corpusDigest: string;
  options: ModelOptions;
  /** Below this confidence a mail goes to staff triage (chosen on held-out folds). */
  triageBelow: number;
  /** Turns the probabilities behind a verdict into its confidence (fitted on held-out folds). */
  calibration?: Calibration;
  /** The decision stage, trained on held-out verdicts (none in a model trained for one fold). */
  decision?: SerializedDecision;
  /** A type is found when its probability reaches this. */
  typeThreshold: number;
  bias: number[];
  /** Weights are their level (-31 to 31) times this. */
  scale: number;
  /** The indices of the features the model keeps (see classify-weight-code). */
  features: FeatureList;
  /** OUTPUTS weight levels per feature, in the order of `features` (see classify-weight-code). */
  weights: CodedLevels;
  /** The letter model of language detection (see LetterModel). */
  letters: SerializedLetters;
  /** The second reader, whose scores the decision stage reads too (none in a model trained without it). */
  reader?: SerializedReader;
  /** The naming reader (classify-mail's namingSentences), of the types only; none in a fold's model. */
  namingReader?: SerializedReader;
}

export interface SerializedLetters {
  /** The n-grams, joined by "|" (they hold only letters and spaces). */
  grams: string;
  /** LANGS.length weight levels per n-gram (see classify-weight-code). */
  weights: CodedLevels;
  scale: number;
}

export interface ClassifierModel {
  options: ModelOptions;
  triageBelow: number;
  calibration?: Calibration;
  decision?: Decision;
  typeThreshold: number;
  bias: Float64Array;
  scale: number;
  /** The weights of every hashed feature, OUTPUTS of them, as weightRows lays them out. */
  weights: Int8Array;
  letters: LetterModel;
  reader?: SecondReader;
  namingReader?: SecondReader;
}

export interface Prediction {
  /** Probability per category, in MODEL_CATEGORIES order. */
  categories: Float64Array;
  /** Probability per type, in MODEL_TYPES order. */
  types: Float64Array;
}

export function loadModel(serialized: SerializedModel): ClassifierModel {
  const { weights } = weightRows(serialized.features, serialized.weights, OUTPUTS, 1 << HASH_BITS);
  return {
    options: serialized.options,
    triageBelow: serialized.triageBelow,
    calibration: serialized.calibration,
    decision: serialized.decision && loadDecision(serialized.decision),
    typeThreshold: serialized.typeThreshold,
    bias: Float64Array.from(serialized.bias),
    scale: serialized.scale,
    weights,
    letters: loadLetters(serialized.letters),
    ...(serialized.reader ? { reader: loadReader(serialized.reader) } : {}),
    ...(serialized.namingReader ? { namingReader: loadReader(serialized.namingReader) } : {}),
  };
}

function loadLetters(serialized: SerializedLetters): LetterModel {
  const grams = serialized.grams.split('|');
  return letterModel(grams, decodeLevels(serialized.weights, grams.length * LANGS.length), serialized.scale);
}

export function predict(model: ClassifierModel, features: Features): Prediction {
  const scores = scoresOf(model, features);
  const nCategories = MODEL_CATEGORIES.length;
  const categories = new Float64Array(nCategories);
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < nCategories; c++) max = Math.max(max, scores[c] as number);
  let total = 0;
  for (let c = 0; c < nCategories; c++) {
    categories[c] = Math.exp((scores[c] as number) - max);
    total += categories[c] as number;
  }
  for (let c = 0; c < nCategories; c++) categories[c] = (categories[c] as number) / total;
  const types = new Float64Array(MODEL_TYPES.length);
  for (let t = 0; t < types.length; t++) types[t] = sigmoid(scores[nCategories + t] as number);
  return { categories, types };
}

/** Where scoresOf sums: kept from call to call, as a new typed array costs more than a short text's sums. */
const sums = new Float64Array(OUTPUTS);

/** The scores (bias plus weighted features) of every output, in a buffer the next call overwrites. */
function scoresOf(model: ClassifierModel, features: Features): Float64Array {
  linearScores(model.weights, model.scale, model.bias, features, sums);
  return sums;
}
