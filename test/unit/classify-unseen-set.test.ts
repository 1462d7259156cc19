import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_CATEGORIES, MODEL_TYPES } from '../../functions/core/intake/classify/classify-model';
import { parseCorpusSource } from '../../scripts/expand-corpus';

const UNSEEN_DIR = join(import.meta.dirname, '../fixtures/corpus/unseen');
/**
 * Texts per file: the first part in every language, a second, third and fourth part (each written
 * later, by other hands) in sv, nb and en, a fifth written from another brief (threads, asks
 * after other business, formal letters, writers the other parts have few of) and a sixth from a
 * third (a year's mail in its natural mix).
 */
const SIZES = {
  sv: 100,
  nb: 100,
  en: 100,
  da: 40,
  de: 40,
  'sv-2': 150,
  'nb-2': 150,
  'en-2': 150,
  'sv-3': 150,
  'nb-3': 150,
  'en-3': 150,
  'sv-4': 150,
  'nb-4': 150,
  'en-4': 150,
  'sv-5': 150,
  'nb-5': 150,
  'en-5': 150,
  'sv-6': 150,
  'nb-6': 150,
  'en-6': 150,
} as const;

describe.each(Object.entries(SIZES))('the sealed test set in %s', (file, atLeast) => {
  const source = readFileSync(join(UNSEEN_DIR, `${file}.txt`), 'utf8');
  const lines = parseCorpusSource(source, `unseen/${file}.txt`);

  it('opens with a comment saying what it is', () => {
    expect(source.split('\n')[0]).toMatch(/^# Sealed test set/);
  });

  it(`parses into at least ${atLeast} texts, each with some text`, () => {
    expect(lines.length).toBeGreaterThanOrEqual(atLeast);
    for (const line of lines) expect(`${line.subject}${line.text}`.trim()).not.toBe('');
  });

  it('labels every text with a known category and known types in the model order', () => {
    for (const { category, types, subject, text } of lines) {
      const where = `${subject} || ${text}`;
      expect(MODEL_CATEGORIES, where).toContain(category);
      for (const type of types) expect(MODEL_TYPES, where).toContain(type);
      expect(types, where).toEqual(MODEL_TYPES.filter((t) => types.includes(t)));
      if (category === 'request') expect(types.length, where).toBeGreaterThan(0);
      else if (category !== 'security') expect(types, where).toEqual([]);
    }
  });
});
