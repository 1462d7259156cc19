/**
 * The classifier's second reader: a linear model that reads a mail otherwise than the first one
 * (classify-model). The first reads folded, stemmed words, their pairs, the concepts they name and
 * the rules' findings; this one reads the text as written, lower-cased only: the letter 2- to
 * 5-grams of each word and runs of one to three words. Read alone it is no better than the first,
 * but the two are wrong on different mails, and the decision stage (classify-decision) reads both.
 *
 * Each feature counts 1 + ln(count), and the letters and the words are each scaled to unit length,
 * over the features the reader keeps. One linear SVM per category and per request type (squared
 * hinge loss, dual coordinate descent: deterministic, and a dozen passes settle it), each learned
 * from every mail. Every digit reads as 0: a phone number or a date tells nothing by its digits.
 *
 * The same kind of reader, of the types only, reads the sentence that names each right (the naming
 * reader, see classify-mail's namingSentences): it learns whether the right a sentence names is asked
 * for there.
 */

import type { RequestType } from '../../request/request';
import { MAIL_CATEGORIES, type MailCategory } from '../inbound-mail';
import { groupsSharing, HASH_BITS, MAX_FEATURE_TEXT } from './classify-features';
import { rememberedPerWord } from './classify-normalise';
import { TYPE_ORDER } from './classify-types';
import {
  type CodedLevels,
  encodeLevels,
  type FeatureList,
  featureList,
  linearScores,
  weightRows,
} from './classify-weight-code';

/** Scores per category (MAIL_CATEGORIES order), then per type (TYPE_ORDER order). */
export const READER_OUTPUTS = MAIL_CATEGORIES.length + TYPE_ORDER.length;
/** What a reader scores: every category and type, or the types only (TYPE_ORDER order). */
export type ReaderOutputs = 'categories and types' | 'types';
const SPACE = 1 << HASH_BITS;
const MASK = SPACE - 1;
const LETTER_TAG = 11;
const WORD_TAG = 12;
const SHORTEST_GRAM = 2;
const LONGEST_GRAM = 5;
const LONGEST_RUN = 3;

/**
 * A feature is learned only when texts of this many groups share it: the reader's features are many
 * (every letter n-gram of every word), and those few groups share fit their wording. Cross-validated
 * on 81,913 texts (category / exact types / type precision / mail to staff), with READER_LEVELS:
 * 96.12 / 94.39 / 97.09 / 21.6 % at 40, 96.19 / 94.46 / 97.13 / 20.0 % at 25 (a reader of 148 KB),
 * and at 15 (levels of 10 to fit the bundle) 96.18 / 94.30 / 97.00 / 21.1 %. As the corpus grew to
 * 45,062 groups, 32 (a smaller share of them than 25 was of 28,443) keeps the model within the intake
 * bundle's budget beside the model's own MIN_GROUPS (classify-train); on 63,178 groups, 36 (as
 * measured there).
 */
const MIN_GROUPS = 36;
/**
 * The reader's weights are levels -15 to 15 times its scale, where the first model's take -31 to 31:
 * most are a level or two from zero either way, and half the levels take a third less room (which
 * pays for features shared by fewer groups). At 60 groups, levels of 31 measured 96.10 / 94.22 /
 * 97.00 / 20.6 %; levels of 7 over 10 groups lost 0.3 points of category.
 */
const READER_LEVELS = 15;
/**
 * The SVM's cost. Cross-validated on 81,913 texts: 96.13 / 94.34 / 97.10 / 20.7 % at 0.25,
 * 96.19 / 94.46 / 97.13 / 20.0 % at 0.5 and 96.29 / 94.42 / 97.08 / 21.5 % at 1: within the spread
 * between training orders, and 0.5 sends the least mail to staff.
 */
const COST = 0.5;
const EPOCHS = 15;

export interface SerializedReader {
  bias: number[];
  /** Weights are their level (-READER_LEVELS to READER_LEVELS) times this. */
  scale: number;
  features: FeatureList;
  /** A weight level per output (as many as `bias`) per feature, in the order of `features`. */
  weights: CodedLevels;
}

export interface SecondReader {
  /** One per output: READER_OUTPUTS, or TYPE_ORDER.length for a reader of the types only. */
  bias: Float64Array;
  scale: number;
  /** Whether the reader has weights for a hashed feature (keptSet): it counts no other. */
  keeps: Uint32Array;
  /** A weight per output per hashed feature, as weightRows lays them out. */
  weights: Int8Array;
}

/** A text's features as counted, before weighting: the letters' first, then the words'. */
interface Counted {
  indices: Int32Array;
  counts: Uint16Array;
  /** Where the words' features start. */
  wordsFrom: number;
}

/** Counts kept from text to text (zeroed behind each one): a new array per text costs more than a short text. */
const counts = new Uint16Array(SPACE);
let touched = new Int32Array(4096);

const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;
const WORD = /[\p{L}\p{N}]+/gu;

/** The text as the reader reads it: lower-cased, every digit a 0, and its words. */
function wordsOf(text: string): string[] {
  return text.slice(0, MAX_FEATURE_TEXT).toLowerCase().replace(/\d/g, '0').match(WORD) ?? [];
}

const LETTER_START = Math.imul(FNV_OFFSET ^ LETTER_TAG, FNV_PRIME);

/**
 * A word's letter n-grams, hashed, in the order countFeatures counts them: remembered per word, as a
 * mail's words are mostly words other mails have (and the naming reader reads the sentences whose
 * words the reader has read in the whole mail).
 */
const letterGramsOf = rememberedPerWord((word: string): Int32Array => {
  const padded = ` ${word} `;
  const grams: number[] = [];
  // One pass per start position: the hash of each longer n-gram carries on from the shorter one.
  for (let i = 0; i + SHORTEST_GRAM <= padded.length; i++) {
    let h = LETTER_START;
    const end = Math.min(padded.length, i + LONGEST_GRAM);
    for (let j = i; j < end; j++) {
      h = Math.imul(h ^ padded.charCodeAt(j), FNV_PRIME);
      if (j - i + 1 >= SHORTEST_GRAM) grams.push((h >>> 0) & MASK);
    }
  }
  return Int32Array.from(grams);
});

/** Each distinct feature of the text with its count, or of those `keeps` holds when given (keptSet). */
function countFeatures(text: string, keeps?: Uint32Array): Counted {
  const words = wordsOf(text);
  let n = 0;
  const add = (h: number) => {
    const f = (h >>> 0) & MASK;
    if (keeps && !isKept(keeps, f)) return;
    if ((counts[f] as number) === 0) {
      if (n === touched.length) {
        const larger = new Int32Array(2 * n);
        larger.set(touched);
        touched = larger;
      }
      touched[n++] = f;
    }
    if ((counts[f] as number) < 0xffff) counts[f] = (counts[f] as number) + 1;
  };
  for (const word of words) for (const f of letterGramsOf(word)) add(f);
  const wordsFrom = n;
  const wordStart = Math.imul(FNV_OFFSET ^ WORD_TAG, FNV_PRIME);
  for (let w = 0; w < words.length; w++) {
    let h = wordStart;
    for (let r = 0; r < LONGEST_RUN && w + r < words.length; r++) {
      if (r > 0) h = Math.imul(h ^ 32, FNV_PRIME);
      const word = words[w + r] as string;
      for (let j = 0; j < word.length; j++) h = Math.imul(h ^ word.charCodeAt(j), FNV_PRIME);
      add(h);
    }
  }
  const indices = touched.slice(0, n);
  const counted = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const f = indices[i] as number;
    counted[i] = counts[f] as number;
    counts[f] = 0;
  }
  return { indices, counts: counted, wordsFrom };
}

/**
 * The counted features kept (all when `keeps` is not given), each worth 1 + ln(count), the letters
 * and the words each scaled to unit length.
 */
function weighed(counted: Counted, keeps?: Uint32Array): { indices: Int32Array; values: Float32Array } {
  const all = counted.indices.length;
  if (unscaled.length < all) unscaled = new Float64Array(2 * all);
  let indices = new Int32Array(all);
  let values = new Float32Array(all);
  let n = 0;
  const family = (from: number, to: number) => {
    const start = n;
    let squares = 0;
    for (let i = from; i < to; i++) {
      const f = counted.indices[i] as number;
      if (keeps && !isKept(keeps, f)) continue;
      const count = counted.counts[i] as number;
      const value = count < ONE_PLUS_LOG.length ? (ONE_PLUS_LOG[count] as number) : 1 + Math.log(count);
      indices[n] = f;
      unscaled[n++] = value;
      squares += value * value;
    }
    const norm = Math.sqrt(squares) || 1;
    for (let i = start; i < n; i++) values[i] = (unscaled[i] as number) / norm;
  };
  family(0, counted.wordsFrom);
  family(counted.wordsFrom, all);
  if (n < all) {
    indices = indices.slice(0, n);
    values = values.slice(0, n);
  }
  return { indices, values };
}

/** A feature's worth before scaling, kept from text to text. */
let unscaled = new Float64Array(4096);
/** 1 + ln(count) for the counts most features have, worked out once. */
const ONE_PLUS_LOG = Float64Array.from({ length: 64 }, (_, count) => 1 + Math.log(count));

/** The reader's features of a text (for its tests: training and reading share countFeatures and weighed). */
export function readerFeatures(
  text: string,
  keeps?: Uint32Array,
): { indices: Int32Array; values: Float32Array } {
  // Counted with `keeps`, every feature counted is kept.
  return weighed(countFeatures(text, keeps));
}

/** The reader's score (its SVM margin) per output: per category and per type, or per type. */
export function readerScores(reader: SecondReader, text: string): Float32Array {
  const scores = new Float32Array(reader.bias.length);
  linearScores(reader.weights, reader.scale, reader.bias, readerFeatures(text, reader.keeps), scores);
  return scores;
}

export function loadReader(serialized: SerializedReader): SecondReader {
  const outputs = serialized.bias.length;
  const { features, weights } = weightRows(serialized.features, serialized.weights, outputs, SPACE);
  const keeps = keptSet(features);
  return { bias: Float64Array.from(serialized.bias), scale: serialized.scale, keeps, weights };
}

/** The texts' features as counted, once: every model trained on them (each fold's, the whole corpus's) shares them. */
export interface ReaderTexts {
  counted: readonly Counted[];
}

export function countReaderTexts(texts: readonly string[]): ReaderTexts {
  return { counted: texts.map((t) => countFeatures(t)) };
}

/** One labelled text the reader learns from. */
export interface ReaderExample {
  /** Its place in the ReaderTexts. */
  text: number;
  group: string;
  category: MailCategory;
  types: readonly RequestType[];
}

/** Trains the reader on the examples, visiting them in the order `random` shuffles them into. */
export function trainReader(
  texts: ReaderTexts,
  examples: readonly ReaderExample[],
  random: () => number,
  outputs: ReaderOutputs = 'categories and types',
): SerializedReader {
  const keeps = sharedByGroups(texts, examples);
  // Kept features numbered densely: the weights being learned stay in the processor's cache.
  const dense = new Map<number, number>();
  const rows = examples.map((e) => {
    const { indices, values } = weighed(texts.counted[e.text] as Counted, keeps);
    const denseIndices = Int32Array.from(indices, (f) => {
      let d = dense.get(f);
      if (d === undefined) {
        d = dense.size;
        dense.set(f, d);
      }
      return d;
    });
    let squares = 1; // the bias, a feature worth 1 in every text
    for (const v of values) squares += v * v;
    return { indices: denseIndices, values, squares };
  });
  const order = examples.map((_, i) => i);
  const orders = Array.from({ length: EPOCHS }, () => {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    return Int32Array.from(order);
  });
  const asked: Array<(e: ReaderExample) => boolean> = [
    ...(outputs === 'types' ? [] : MAIL_CATEGORIES.map((c) => (e: ReaderExample) => e.category === c)),
    ...TYPE_ORDER.map((t) => (e: ReaderExample) => e.types.includes(t)),
  ];
  const learned = asked.map((yes) =>
    trainSvm(
      rows,
      Int8Array.from(examples, (e) => (yes(e) ? 1 : -1)),
      dense.size,
      orders,
    ),
  );

  let maxAbs = 0;
  for (const { weights } of learned) for (const w of weights) maxAbs = Math.max(maxAbs, Math.abs(w));
  const scale = maxAbs / READER_LEVELS || 1;
  const kept: number[] = [];
  const levels: number[] = [];
  for (const [f, d] of [...dense].sort(([a], [b]) => a - b)) {
    const row = learned.map(({ weights }) => Math.round((weights[d] as number) / scale));
    if (row.every((level) => level === 0)) continue;
    kept.push(f);
    levels.push(...row);
  }
  return {
    bias: learned.map(({ bias }) => Number(bias.toFixed(6))),
    scale: Number(scale.toPrecision(8)),
    features: featureList(kept),
    weights: encodeLevels(levels),
  };
}

/** The features that texts of at least MIN_GROUPS groups share (keptSet). */
function sharedByGroups(texts: ReaderTexts, examples: readonly ReaderExample[]): Uint32Array {
  const groups = groupsSharing(
    examples.map((e) => e.group),
    (i) => (texts.counted[(examples[i] as ReaderExample).text] as Counted).indices,
  );
  const shared: number[] = [];
  groups.forEach((g, f) => {
    if (g >= MIN_GROUPS) shared.push(f);
  });
  return keptSet(shared);
}

/**
 * Hashed features as a bit each: every n-gram of a text is tested against it, and at 32 KB it
 * stays in the processor's cache, where a byte each (256 KB) did not.
 */
export function keptSet(features: Iterable<number>): Uint32Array {
  const set = new Uint32Array(SPACE >>> 5);
  for (const f of features) set[f >>> 5] = (set[f >>> 5] as number) | (1 << (f & 31));
  return set;
}

function isKept(set: Uint32Array, f: number): boolean {
  return (((set[f >>> 5] as number) >>> (f & 31)) & 1) === 1;
}

interface Row {
  indices: Int32Array;
  values: Float32Array;
  /** The row's squared length, the bias's 1 included. */
  squares: number;
}

/**
 * A linear SVM with squared hinge loss by dual coordinate descent (Hsieh et al., 2008, as LIBLINEAR
 * solves it), the bias learned as the weight of a feature every text has.
 */
function trainSvm(
  rows: readonly Row[],
  labels: Int8Array,
  features: number,
  orders: readonly Int32Array[],
): { weights: Float64Array; bias: number } {
  const diagonal = 1 / (2 * COST);
  const weights = new Float64Array(features);
  let bias = 0;
  const alpha = new Float64Array(rows.length);
  for (const order of orders) {
    for (const i of order) {
      const { indices, values, squares } = rows[i] as Row;
      const y = labels[i] as number;
      let margin = bias;
      for (let k = 0; k < indices.length; k++) {
        margin += (weights[indices[k] as number] as number) * (values[k] as number);
      }
      const a = alpha[i] as number;
      const gradient = y * margin - 1 + diagonal * a;
      const projected = a === 0 ? Math.min(gradient, 0) : gradient;
      if (projected === 0) continue;
      const next = Math.max(a - gradient / (squares + diagonal), 0);
      alpha[i] = next;
      const step = (next - a) * y;
      if (step === 0) continue;
      for (let k = 0; k < indices.length; k++) {
        const d = indices[k] as number;
        weights[d] = (weights[d] as number) + step * (values[k] as number);
      }
      bias += step;
    }
  }
  return { weights, bias };
}
