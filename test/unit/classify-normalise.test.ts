import { describe, expect, it } from 'vitest';
import { foldFully, foldText } from '../../functions/core/intake/classify/classify-normalise';

describe('foldText', () => {
  it.each([
    ['Löschen Sie bitte', 'loschen sie bitte'],
    ['RADERA mina uppgifter', 'radera mina uppgifter'],
    ['Ærlig talt, slett dataene mine', 'aerlig talt, slett dataene mine'],
    ['Straße', 'strasse'],
    ['don’t keep my data', "don't keep my data"],
    ['ta\u00a0bort', 'ta bort'],
    ['Ǻngström', 'angstrom'],
  ])('folds %j to %j', (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });

  it('folds any text exactly as the fold in full does, whichever path it takes', () => {
    // Letters the letter-by-letter path takes, and ones that send it to the full fold: combining
    // marks, a capital whose lower case is two letters, a final sigma, Cyrillic, emoji.
    const common = [
      ...'abcxyzABCXYZ0189 .,;:!?\'"`-_\n\t',
      ...'åäöÅÄÖæøÆØéèêëüßñçłđœÿĳǻ',
      ...'\u00a0\u00b4\u2002\u200b\u2018\u2019\u201c\u201d\u2013\u2014\u2026',
    ];
    const alphabet = [...common, '\u0301', '\u0308', 'İ', 'Σ', 'ΑΣ', 'ж', '😀', '\u212b'];
    let seed = 7;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed;
    };
    for (let n = 0; n < 5000; n++) {
      let text = '';
      const length = next() % 40;
      // Half the texts only of common letters and marks, as most mail is.
      const span = n % 2 === 0 ? common.length : alphabet.length;
      for (let i = 0; i < length; i++) text += alphabet[next() % span];
      expect(foldText(text), JSON.stringify(text)).toBe(foldFully(text.toLowerCase()));
    }
  });
});
