/**
 * The learned part of the classifier: a linear model over hashed features (see classify-features)
 * with one softmax over the mail categories and one yes/no (sigmoid) per request type. Trained by
 * scripts/train-classifier.ts (see classify-train); shipped as a generated module of base64
 * strings, so the Lambda bundle carries it and nothing is read from disk at run time.
 */

import type { RequestType } from '../../request/request';
import { MAIL_CATEGORIES, type MailCategory } from '../inbound-mail';
import type { Calibration } from './classify-confidence';
import { type FeatureOptions, type Features, HASH_BITS } from './classify-features';
import { type LetterModel, letterModel } from './classify-language';
import { TYPE_ORDER } from './classify-types';

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
  format: 2;
  /** sha256 of the corpus file it was trained on: a test checks it matches the committed corpus. */
  corpusDigest: string;
  options: ModelOptions;
  /** Below this confidence a mail goes to staff triage (chosen on held-out folds). */
  triageBelow: number;
  /** Turns the probabilities behind a verdict into its confidence (fitted on held-out folds). */
  calibration?: Calibration;
  /** A type is found when its probability reaches this. */
  typeThreshold: number;
  bias: number[];
  /** Weights are their six-bit level times this. */
  scale: number;
  /** Feature indices ascending, each as its distance from the previous in base-128 digits (low first), base64. */
  features: string;
  /** OUTPUTS weights per feature, one digit each (see sixBitDigits). */
  weights: string;
  /** The letter model of language detection (see LetterModel). */
  letters: SerializedLetters;
}

export interface SerializedLetters {
  /** The n-grams, joined by "|" (they hold only letters and spaces). */
  grams: string;
  /** LANGS.length weights per n-gram, one digit each (see sixBitDigits). */
  weights: string;
  scale: number;
}

export interface ClassifierModel {
  options: ModelOptions;
  triageBelow: number;
  calibration?: Calibration;
  typeThreshold: number;
  bias: Float64Array;
  scale: number;
  /** Per hashed feature, the offset of its weights in `weights`, or -1: one array read per feature. */
  rows: Int32Array;
  weights: Int8Array;
  letters: LetterModel;
}

export interface Prediction {
  /** Probability per category, in MODEL_CATEGORIES order. */
  categories: Float64Array;
  /** Probability per type, in MODEL_TYPES order. */
  types: Float64Array;
}

/**
 * Feature indices, ascending, as SerializedModel.features: each as its distance from the previous
 * one in base-128 digits (low first, the high bit set on all but the last), in base64. loadModel
 * reads them back.
 */
export function featureList(ascending: readonly number[]): string {
  const bytes: number[] = [];
  let previous = 0;
  for (const f of ascending) {
    let delta = f - previous;
    previous = f;
    while (delta >= 0x80) {
      bytes.push((delta & 0x7f) | 0x80);
      delta >>>= 7;
    }
    bytes.push(delta);
  }
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.slice(i, i + 0x8000));
  return btoa(binary);
}

function bytesOf(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Weights of six bits, one base64 digit each: the digit's value less 32, so -31 to 31. A quarter
 * smaller than a byte in base64 (the intake bundle carries the model), and cross-validated as
 * accurate as eight bits.
 */
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export const WEIGHT_LEVELS = 31;

export function sixBitDigits(weights: readonly number[]): string {
  return weights.map((q) => DIGITS[q + 32]).join('');
}

/** Each digit's weight by its character code. */
const WEIGHT_OF = new Int8Array(128);
for (let d = 0; d < DIGITS.length; d++) WEIGHT_OF[DIGITS.charCodeAt(d)] = d - 32;

function sixBitWeights(digits: string): Int8Array {
  const out = new Int8Array(digits.length);
  for (let i = 0; i < digits.length; i++) out[i] = WEIGHT_OF[digits.charCodeAt(i)] ?? 0;
  return out;
}

export function loadModel(serialized: SerializedModel): ClassifierModel {
  const featureBytes = bytesOf(serialized.features);
  const rows = new Int32Array(1 << HASH_BITS).fill(-1);
  let kept = 0;
  let index = 0;
  let delta = 0;
  let shift = 0;
  for (const byte of featureBytes) {
    delta |= (byte & 0x7f) << shift;
    shift += 7;
    if (byte & 0x80) continue;
    index += delta;
    rows[index] = OUTPUTS * kept++;
    delta = 0;
    shift = 0;
  }
  return {
    options: serialized.options,
    triageBelow: serialized.triageBelow,
    calibration: serialized.calibration,
    typeThreshold: serialized.typeThreshold,
    bias: Float64Array.from(serialized.bias),
    scale: serialized.scale,
    rows,
    weights: sixBitWeights(serialized.weights),
    letters: loadLetters(serialized.letters),
  };
}

function loadLetters(serialized: SerializedLetters): LetterModel {
  return letterModel(serialized.grams.split('|'), sixBitWeights(serialized.weights), serialized.scale);
}

export function predict(model: ClassifierModel, features: Features): Prediction {
  const scores = scoresOf(model, features, 0, OUTPUTS);
  const nCategories = MODEL_CATEGORIES.length;
  const categories = softmax(scores.subarray(0, nCategories));
  const types = scores.subarray(nCategories).map(sigmoid);
  return { categories, types };
}

/** The type probabilities alone, in MODEL_TYPES order (predict without the categories). */
export function predictTypes(model: ClassifierModel, features: Features): Float64Array {
  return scoresOf(model, features, MODEL_CATEGORIES.length, MODEL_TYPES.length).map(sigmoid);
}

/** The scores (bias plus weighted features) of `count` outputs from output `from`. */
function scoresOf(model: ClassifierModel, features: Features, from: number, count: number): Float64Array {
  const sums = new Float64Array(count);
  const { indices, values } = features;
  for (let i = 0; i < indices.length; i++) {
    const row = model.rows[indices[i] ?? 0] ?? -1;
    if (row < 0) continue;
    const value = values[i] ?? 0;
    for (let o = 0; o < count; o++) sums[o] = (sums[o] ?? 0) + (model.weights[row + from + o] ?? 0) * value;
  }
  return sums.map((s, o) => (model.bias[from + o] ?? 0) + s * model.scale);
}

export function softmax(scores: Float64Array): Float64Array {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
