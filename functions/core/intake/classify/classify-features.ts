/**
 * Features the learned classifier reads from a mail: light stems of its words, pairs of stems, the
 * character n-grams of each word (so "radera", "raderar", "raderas" and "radeera" share most of
 * them) and what the precise rules found. All on folded text (see foldText), so "fran" is "från".
 * Each feature is hashed into a fixed space: no vocabulary to ship.
 *
 * Negation is read by the word pairs and by the rules (an erasure declined, see classify-types).
 * The words within reach of a negation as features of their own (two before it, three after)
 * measured on 81,913 texts within the spread between training orders by cross-validation, and on
 * the sealed set 0.8 points lower in English exact types and type precision.
 */
import { conceptOf } from './classify-concepts';
import { foldText, rememberedPerWord } from './classify-normalise';
import { stem } from './classify-stem';

/**
 * The hashed space: 2^20 measured as 2^18 by cross-validation on 48,584 texts (collisions between
 * features cost nothing measurable) and would take four times the memory at run time.
 */
export const HASH_BITS = 18;
const HASH_MASK = (1 << HASH_BITS) - 1;
/** The ask is at the top; the rest of a long mail adds time, not evidence. */
export const MAX_FEATURE_TEXT = 3000;

export interface FeatureOptions {
  /**
   * Character 3- and 4-grams of each word (5-grams measured: no better, twice the model). The second
   * reader (classify-second-reader) reads letters too, otherwise weighed; beside it these measured
   * 0.18 points of category and 0.16 of exact types better on 81,913 texts, for 111 KB of model.
   */
  charGrams: boolean;
  /** The concepts key words name (see classify-concepts), misspelt ones included. */
  concepts?: boolean;
}

/** The kinds of feature, hashed with each so that a word and a rule of the same name differ. */
const WORD = 1;
const PAIR = 2;
const CHARS = 3;
const RULE = 4;
const SHAPE = 5;
const CONCEPT = 6;

/** FNV-1a over a kind tag and text[start, end): the feature's index in the hashed space. */
function hash(kind: number, text: string, start = 0, end = text.length): number {
  return (fnv(Math.imul(2166136261 ^ kind, 16777619), text, start, end) >>> 0) & HASH_MASK;
}

/** FNV-1a's state `h` carried on over text[start, end). */
function fnv(h: number, text: string, start = 0, end = text.length): number {
  let state = h;
  for (let i = start; i < end; i++) state = Math.imul(state ^ text.charCodeAt(i), 16777619);
  return state;
}

/** A word pair "first second" is hashed as hash(PAIR, `${first} ${second}`), without the string. */
function pairStart(first: string): number {
  return fnv(Math.imul(2166136261 ^ PAIR, 16777619), `${first} `);
}

/** The first word of a text is paired with "^". */
const FIRST_PAIR = pairStart('^');

/** A text's features: hashed indices and the value each carries. */
export interface Features {
  indices: Int32Array;
  values: Float32Array;
}

/** What a word alone contributes, whatever its neighbours: worked out once per word (see wordParts). */
interface WordParts {
  stemmed: string;
  stemFeature: number;
  /** The hash state of a word pair this word starts (see pairStart). */
  pairState: number;
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
    pairState: pairStart(stemmed),
    charFeatures: Int32Array.from(chars),
    conceptFeatures: c ? [hash(CONCEPT, c.concept), ...(c.near ? [hash(CONCEPT, `~${c.concept}`)] : [])] : [],
  };
});

/**
 * The features of a text in three families (each feature once per family, in order of appearance),
 * each scaled to unit length so that neither long mails nor the many character n-grams drown the
 * rest: words and word pairs, character n-grams, and the rules' findings (each worth one). Pairs
 * with a word between them measured no better and sent more mail to staff.
 */
export function featuresOf(
  text: string,
  ruleFindings: readonly string[],
  options: FeatureOptions,
  /** The whole text folded, when the caller has it: used if the text needs no cut. */
  folded?: string,
): Features {
  const whole = text.length <= MAX_FEATURE_TEXT && folded !== undefined;
  return featuresOfFolded(whole ? folded : foldText(text.slice(0, MAX_FEATURE_TEXT)), ruleFindings, options);
}

/** featuresOf for text already folded (a sentence the rules have read). */
export function featuresOfFolded(
  folded: string,
  ruleFindings: readonly string[],
  options: FeatureOptions,
): Features {
  const words = (folded.match(WORDS) ?? []).map(wordParts);
  let capacity = 2 * words.length + ruleFindings.length + 2;
  for (const word of words) {
    if (options.charGrams) capacity += word.charFeatures.length;
    if (options.concepts) capacity += word.conceptFeatures.length;
  }
  const family = new FamilyWriter(capacity);

  let pairState = FIRST_PAIR;
  for (const word of words) {
    family.add(word.stemFeature);
    family.add((fnv(pairState, word.stemmed) >>> 0) & HASH_MASK);
    pairState = word.pairState;
  }
  family.end();
  if (options.charGrams) for (const word of words) for (const f of word.charFeatures) family.add(f);
  family.end();
  for (const finding of ruleFindings) family.add(hash(RULE, finding));
  if (options.concepts) for (const word of words) for (const f of word.conceptFeatures) family.add(f);
  family.add(words.length <= 3 ? SHORT : words.length <= 12 ? MEDIUM : LONG);
  if (folded.includes('?')) family.add(QUESTION_MARK);
  family.end(1);
  return family.features();
}

const WORDS = /[\p{L}\p{N}]+/gu;

/**
 * How many groups' texts have each hashed feature: a feature seen in a few groups only fits their
 * wording. Texts are walked group by group, so one mark per feature tells whether the current group
 * has been counted already.
 */
export function groupsSharing(
  groups: readonly string[],
  indicesOf: (text: number) => ArrayLike<number>,
): Int32Array {
  const groupIds = new Map<string, number>();
  const groupOf = groups.map((g) => {
    if (!groupIds.has(g)) groupIds.set(g, groupIds.size);
    return groupIds.get(g) as number;
  });
  const byGroup = groups
    .map((_, i) => i)
    .sort((x, y) => (groupOf[x] as number) - (groupOf[y] as number) || x - y);
  const lastGroup = new Int32Array(1 << HASH_BITS).fill(-1);
  const shared = new Int32Array(1 << HASH_BITS);
  for (const i of byGroup) {
    const group = groupOf[i] as number;
    const indices = indicesOf(i);
    for (let k = 0; k < indices.length; k++) {
      const f = indices[k] as number;
      if (lastGroup[f] === group) continue;
      lastGroup[f] = group;
      shared[f] = (shared[f] as number) + 1;
    }
  }
  return shared;
}
const SHORT = hash(SHAPE, 'short');
const MEDIUM = hash(SHAPE, 'medium');
const LONG = hash(SHAPE, 'long');
const QUESTION_MARK = hash(SHAPE, '?');

/**
 * Writes features family by family, each feature once per family in order of first appearance,
 * and gives each family its value when it ends. Writes into buffers kept from text to text (a new
 * typed array costs more than a short text's features): only the finished features are copied.
 */
class FamilyWriter {
  private static indices = new Int32Array(1024);
  private static values = new Float32Array(1024);
  private count = 0;
  private familyStart = 0;
  private readonly seen: SeenSet;

  constructor(capacity: number) {
    if (FamilyWriter.indices.length < capacity) {
      FamilyWriter.indices = new Int32Array(capacity);
      FamilyWriter.values = new Float32Array(capacity);
    }
    this.seen = seenSet(capacity);
  }

  add(index: number): void {
    if (this.seen.add(index)) FamilyWriter.indices[this.count++] = index;
  }

  /** Ends the family: its features are worth `value`, by default one over the root of their number. */
  end(value = 1 / Math.sqrt(this.count - this.familyStart || 1)): void {
    FamilyWriter.values.fill(value, this.familyStart, this.count);
    this.familyStart = this.count;
    this.seen.clear();
  }

  features(): Features {
    return {
      indices: FamilyWriter.indices.slice(0, this.count),
      values: FamilyWriter.values.slice(0, this.count),
    };
  }
}

interface SeenSet {
  /** Adds the feature; false when it is in already. */
  add(index: number): boolean;
  clear(): void;
}

/**
 * Features already taken from the current family: an open-addressing set of a few kilobytes the
 * cache keeps, emptied by moving on to a new mark. A family too large for it to stay at most half
 * full (only a text of thousands of words) takes a Set of its own.
 */
const SLOTS = 1 << 14;
const slotFeature = new Int32Array(SLOTS);
const slotMark = new Uint32Array(SLOTS);
let mark = 0;

function nextMark(): void {
  mark = (mark + 1) >>> 0;
  if (mark === 0) {
    slotMark.fill(0);
    mark = 1;
  }
}

const slotSet: SeenSet = {
  add(index) {
    let slot = index & (SLOTS - 1);
    while (slotMark[slot] === mark) {
      if (slotFeature[slot] === index) return false;
      slot = (slot + 1) & (SLOTS - 1);
    }
    slotMark[slot] = mark;
    slotFeature[slot] = index;
    return true;
  },
  clear: nextMark,
};

function seenSet(capacity: number): SeenSet {
  if (capacity * 2 <= SLOTS) {
    nextMark();
    return slotSet;
  }
  const seen = new Set<number>();
  return {
    add(index) {
      if (seen.has(index)) return false;
      seen.add(index);
      return true;
    },
    clear: () => seen.clear(),
  };
}
