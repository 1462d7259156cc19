/**
 * Features the learned classifier reads from a mail: light stems of its words, pairs of stems, the
 * character n-grams of each word (so "radera", "raderar", "raderas" and "radeera" share most of
 * them) and what the precise rules found. All on folded text (see foldText), so "fran" is "från".
 * Each feature is hashed into a fixed space: no vocabulary to ship.
 */
import { conceptOf } from './classify-concepts';
import { foldText, rememberedPerWord } from './classify-normalise';
import { stem } from './classify-stem';

export const HASH_BITS = 18;
const HASH_MASK = (1 << HASH_BITS) - 1;
/** The ask is at the top; the rest of a long mail adds time, not evidence. */
const MAX_FEATURE_TEXT = 3000;

export interface FeatureOptions {
  /** Character 3- and 4-grams of each word (5-grams measured: no better, twice the model). */
  charGrams: boolean;
  /** The concepts key words name (see classify-concepts), misspelt ones included. */
  concepts?: boolean;
}

/** FNV-1a over a kind tag and text[start, end): the feature's index in the hashed space. */
function hash(kind: number, text: string, start = 0, end = text.length): number {
  let h = Math.imul(2166136261 ^ kind, 16777619);
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) & HASH_MASK;
}

const WORD = 1;
const PAIR = 2;
const CHARS = 3;
const RULE = 4;
const SHAPE = 5;
const CONCEPT = 6;

/** A text's features: hashed indices and the value each carries. */
export interface Features {
  indices: Int32Array;
  values: Float32Array;
}

/** What a word alone contributes, whatever its neighbours: worked out once per word (see wordParts). */
interface WordParts {
  stemmed: string;
  stemFeature: number;
  /** Its character 3- and 4-grams, hashed. */
  charFeatures: Int32Array;
  /** The concept it names, and whether it is misspelt, hashed. */
  conceptFeatures: readonly number[];
}

const wordParts = rememberedPerWord((word: string): WordParts => {
  const stemmed = stem(word);
  const chars: number[] = [];
  if (word.length >= 2) {
    const padded = `<${word}>`;
    for (let n = 3; n <= 4; n++)
      for (let i = 0; i + n <= padded.length; i++) chars.push(hash(CHARS, padded, i, i + n));
  }
  const c = conceptOf(word);
  return {
    stemmed,
    stemFeature: hash(WORD, stemmed),
    charFeatures: Int32Array.from(chars),
    conceptFeatures: c ? [hash(CONCEPT, c.concept), ...(c.near ? [hash(CONCEPT, `~${c.concept}`)] : [])] : [],
  };
});

/**
 * The features of a text in three families (each feature once per family, in order of appearance),
 * each scaled to unit length so that neither long mails nor the many character n-grams drown the
 * rest: words and word pairs, character n-grams, and the rules' findings (each worth one).
 */
export function featuresOf(text: string, ruleFindings: readonly string[], options: FeatureOptions): Features {
  return featuresOfFolded(foldText(text.slice(0, MAX_FEATURE_TEXT)), ruleFindings, options);
}

/** featuresOf for text already folded (a sentence the rules have read). */
export function featuresOfFolded(
  folded: string,
  ruleFindings: readonly string[],
  options: FeatureOptions,
): Features {
  const words = folded.match(/[\p{L}\p{N}]+/gu) ?? [];
  const wordFeatures: number[] = [];
  const charFeatures: number[] = [];
  const ruleFeatures = ruleFindings.map((f) => hash(RULE, f));
  let previous = '^';
  for (const word of words) {
    const parts = wordParts(word);
    wordFeatures.push(parts.stemFeature, hash(PAIR, `${previous} ${parts.stemmed}`));
    previous = parts.stemmed;
    if (options.concepts) ruleFeatures.push(...parts.conceptFeatures);
    if (options.charGrams) for (const f of parts.charFeatures) charFeatures.push(f);
  }
  ruleFeatures.push(hash(SHAPE, words.length <= 3 ? 'short' : words.length <= 12 ? 'medium' : 'long'));
  if (folded.includes('?')) ruleFeatures.push(hash(SHAPE, '?'));

  const families = [unique(wordFeatures), unique(charFeatures), unique(ruleFeatures)];
  const size = families.reduce((n, f) => n + f.length, 0);
  const indices = new Int32Array(size);
  const values = new Float32Array(size);
  let at = 0;
  families.forEach((family, i) => {
    const value = i === 2 ? 1 : 1 / Math.sqrt(family.length || 1);
    for (const index of family) {
      indices[at] = index;
      values[at++] = value;
    }
  });
  return { indices, values };
}

/** Marks of the features already taken from the current family: no sort, no set. */
const taken = new Uint32Array(1 << HASH_BITS);
let mark = 0;

function unique(found: readonly number[]): Int32Array {
  mark = (mark + 1) >>> 0;
  if (mark === 0) {
    taken.fill(0);
    mark = 1;
  }
  const out = new Int32Array(found.length);
  let n = 0;
  for (const index of found) {
    if (taken[index] === mark) continue;
    taken[index] = mark;
    out[n++] = index;
  }
  return out.subarray(0, n);
}
