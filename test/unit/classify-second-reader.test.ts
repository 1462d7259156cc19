import { describe, expect, it } from 'vitest';
import { assessText, namingScores } from '../../functions/core/intake/classify/classify-mail';
import { loadModel, MODEL_TYPES } from '../../functions/core/intake/classify/classify-model';
import { readShippedModel } from '../../functions/core/intake/classify/classify-model-data';
import {
  countReaderTexts,
  keptSet,
  loadReader,
  READER_OUTPUTS,
  type ReaderExample,
  readerFeatures,
  readerScores,
  trainReader,
} from '../../functions/core/intake/classify/classify-second-reader';
import { seededRandom } from '../../functions/core/intake/classify/classify-train';
import { readFeatureList } from '../../functions/core/intake/classify/classify-weight-code';
import { MAIL_CATEGORIES, type MailCategory } from '../../functions/core/intake/inbound-mail';
import type { RequestType } from '../../functions/core/request/request';

const length = (values: Float32Array, from = 0, to = values.length) =>
  Math.sqrt(values.subarray(from, to).reduce((sum, v) => sum + v * v, 0));

describe("the second reader's features", () => {
  it("reads a word's letter 2- to 5-grams with a space each side, and the word itself", () => {
    // " ab ": " a", "ab", "b ", " ab", "ab ", " ab " are the letters; "ab" is the word.
    const { indices, values } = readerFeatures('ab');
    expect(indices).toHaveLength(7);
    expect(length(values, 0, 6)).toBeCloseTo(1, 5);
    expect(values[6]).toBeCloseTo(1, 5);
  });

  it('reads runs of up to three words, not four', () => {
    const three = new Set(readerFeatures('ab cd ef').indices);
    const added = readerFeatures('ab cd ef gh').indices.filter((f) => !three.has(f));
    // The fourth word's six letter n-grams, and "gh", "ef gh" and "cd ef gh": no "ab cd ef gh".
    expect(added).toHaveLength(6 + 3);
  });

  it('counts a feature 1 + ln(count) and scales the letters and the words each to unit length', () => {
    const { indices, values } = readerFeatures('ab ab');
    const once = readerFeatures('ab');
    // The same six letter n-grams, each twice: the same value after scaling.
    expect([...indices.subarray(0, 6)]).toEqual([...once.indices.subarray(0, 6)]);
    expect(length(values, 0, 6)).toBeCloseTo(1, 5);
    // "ab" twice and "ab ab" once: 1 + ln 2 against 1, then to unit length.
    const words = values.subarray(6);
    expect(words).toHaveLength(2);
    expect((words[0] as number) / (words[1] as number)).toBeCloseTo(1 + Math.log(2), 5);
    expect(length(words)).toBeCloseTo(1, 5);
  });

  it('reads the text lower-cased, with every digit as 0', () => {
    expect(readerFeatures('Ring mig på 070-123 45 67')).toEqual(readerFeatures('ring MIG på 000-999 00 00'));
    expect(readerFeatures('radera')).not.toEqual(readerFeatures('rädera'));
  });

  it('counts only the features the reader keeps, scaled to unit length over those', () => {
    const all = readerFeatures('radera mina uppgifter');
    const kept = readerFeatures('radera mina uppgifter', keptSet(all.indices.subarray(0, 5)));
    expect([...kept.indices]).toEqual([...all.indices.subarray(0, 5)]);
    expect(length(kept.values)).toBeCloseTo(1, 5);
  });
});

/** Texts of `groups` groups each: an erasure request, an access request and a question, with a word of their own. */
function corpusOf(groups: number) {
  const kinds: Array<{ category: MailCategory; types: RequestType[]; text: (n: number) => string }> = [
    { category: 'request', types: ['erasure'], text: (n) => `radera mina uppgifter tack ${word(n)}` },
    { category: 'request', types: ['access'], text: (n) => `skicka mina uppgifter tack ${word(n)}` },
    { category: 'question', types: [], text: (n) => `hur länge sparar ni uppgifter ${word(n)}` },
  ];
  const texts: string[] = [];
  const examples: ReaderExample[] = [];
  for (let g = 0; g < groups; g++) {
    for (const [k, kind] of kinds.entries()) {
      examples.push({ text: texts.length, group: `${k}-${g}`, category: kind.category, types: kind.types });
      texts.push(kind.text(3 * g + k));
    }
  }
  return { texts, examples };
}

/** A made-up word per text, letters only, shared with no other text. */
function word(n: number): string {
  return `x${[...n.toString(7)].map((d) => 'qwzvjkp'[Number(d)]).join('')}y`;
}

describe('training the second reader', () => {
  const { texts, examples } = corpusOf(60);
  const counted = countReaderTexts(texts);
  const serialized = trainReader(counted, examples, seededRandom(7));
  const reader = loadReader(serialized);
  const score = (text: string, output: string) => {
    const scores = readerScores(reader, text);
    const c = MAIL_CATEGORIES.indexOf(output as MailCategory);
    return scores[c >= 0 ? c : MAIL_CATEGORIES.length + MODEL_TYPES.indexOf(output as RequestType)] as number;
  };

  it('learns each category and each type from the texts that have it', () => {
    expect(score('radera mina uppgifter tack', 'erasure')).toBeGreaterThan(0);
    expect(score('radera mina uppgifter tack', 'access')).toBeLessThan(0);
    expect(score('skicka mina uppgifter tack', 'access')).toBeGreaterThan(0);
    expect(score('hur länge sparar ni uppgifter', 'question')).toBeGreaterThan(0);
    expect(score('hur länge sparar ni uppgifter', 'request')).toBeLessThan(0);
  });

  it('reads wording it never saw by the letters it shares with wording it did', () => {
    expect(score('raderas', 'erasure')).toBeGreaterThan(score('raderas', 'access'));
    expect(score('skickar', 'access')).toBeGreaterThan(score('skickar', 'erasure'));
  });

  it('leaves out what texts of fewer than 36 groups share', () => {
    const kept = new Set(readFeatureList(serialized.features));
    const wordFeature = (w: string) => readerFeatures(w).indices.at(-1) as number;
    expect(kept.has(wordFeature('radera'))).toBe(true);
    // Each text's own word is in one group only.
    expect(kept.has(wordFeature(word(0)))).toBe(false);
    // 11 groups of each kind: no feature is in more than 33 groups.
    const few = (groups: number) => {
      const { texts: t, examples: e } = corpusOf(groups);
      return trainReader(countReaderTexts(t), e, seededRandom(7)).features.count;
    };
    expect(few(11)).toBe(0);
    expect(few(12)).toBeGreaterThan(0);
  });

  it('learns the types alone, as the naming reader does, as it learns them beside the categories', () => {
    const typesOnly = loadReader(trainReader(counted, examples, seededRandom(7), 'types'));
    for (const text of [
      'radera mina uppgifter tack',
      'skicka mina uppgifter tack',
      'hur länge sparar ni uppgifter',
    ]) {
      const scores = readerScores(typesOnly, text);
      expect(scores).toHaveLength(MODEL_TYPES.length);
      // The same weights, quantised on a scale of their own.
      MODEL_TYPES.forEach((t, i) => {
        expect(Math.sign(scores[i] as number)).toBe(Math.sign(score(text, t)));
      });
    }
  });

  it('learns the same reader from the same texts in the same order, byte for byte', () => {
    expect(JSON.stringify(trainReader(counted, examples, seededRandom(7)))).toBe(JSON.stringify(serialized));
    expect(JSON.stringify(trainReader(counted, examples, seededRandom(8)))).not.toBe(
      JSON.stringify(serialized),
    );
  });
});

describe('the shipped readers', () => {
  const model = loadModel(readShippedModel());
  const NAMING_SCORES = MODEL_TYPES.length;

  it('give the decision stage the second reader’s scores beside the first model’s', () => {
    expect(model.reader).toBeDefined();
    const text = 'Radera alla mina personuppgifter.';
    const { inputs } = assessText({ text }, { model });
    const scores = readerScores(model.reader as NonNullable<typeof model.reader>, `\n${text}`);
    expect(scores).toHaveLength(READER_OUTPUTS);
    const read = (inputs as Float32Array).subarray(-READER_OUTPUTS - NAMING_SCORES, -NAMING_SCORES);
    expect([...read]).toEqual([...scores]);
    expect(scores[MAIL_CATEGORIES.length + MODEL_TYPES.indexOf('erasure')]).toBeGreaterThan(0);
  });

  it('give it, last, the naming reader’s score of each right in the sentence that names it', () => {
    const reader = model.namingReader as NonNullable<typeof model.namingReader>;
    expect(reader).toBeDefined();
    const text =
      'Tack för kopian av mina uppgifter, den kom i går. Radera nu mitt konto och allt ni har om mig.';
    const { inputs, naming, classification } = assessText({ text }, { model });
    expect(classification.types).toEqual(['erasure']);
    const at = (t: RequestType) => MODEL_TYPES.indexOf(t);
    expect(naming?.[at('erasure')]).toContain('radera nu mitt konto');
    expect(naming?.[at('rectification')]).toBeUndefined();
    expect([...(inputs as Float32Array).subarray(-NAMING_SCORES)]).toEqual([
      ...namingScores(reader, naming ?? []),
    ]);
    expect(namingScores(reader, naming ?? [])[at('rectification')]).toBe(-1);
    // The sentence that names erasure asks for it; the one about the copy asks for nothing now, and
    // the reader is far less sure of access in it than in a sentence that asks for a copy.
    const erasure = readerScores(reader, naming?.[at('erasure')] as string);
    expect(erasure[at('erasure')]).toBeGreaterThan(0);
    const copy = readerScores(reader, 'tack för kopian av mina uppgifter, den kom i går');
    const asked = readerScores(reader, 'skicka mig en kopia av mina uppgifter')[at('access')] ?? 0;
    expect(asked).toBeGreaterThan(0);
    expect(copy[at('access')]).toBeLessThan(asked - 1);
  });
});
