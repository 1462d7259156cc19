import { describe, expect, it } from 'vitest';
import { conceptOf } from '../../functions/core/intake/classify/classify-concepts';
import { foldText } from '../../functions/core/intake/classify/classify-normalise';
import { slipIndex, slipOf } from '../../functions/core/intake/classify/classify-slips';
import { findRequestTypes } from '../../functions/core/intake/classify/classify-types';

const index = slipIndex(['erase', 'radera', 'remove', 'slette', 'delete', 'email']);

describe('slips of the finger', () => {
  it.each([
    ['errase', 'erase'],
    ['eraes', 'erase'],
    ['raedra', 'radera'],
    ['radra', 'radera'],
    ['rmeove', 'remove'],
    ['deleete', 'delete'],
    ['emial', 'email'],
  ])('reads %s as a slip of %s (letters swapped, dropped or doubled)', (word, key) => {
    expect(slipOf(index, word)).toBe(key);
  });

  it.each([
    ['remote', 'a letter changed for another is another word'],
    ['sette', 'a word of its own ("sette" is not "slette")'],
    ['deleted', 'a key word with an ending is no slip'],
    ['erase', 'a key word itself'],
    ['xrase', 'the first letter is never slipped'],
    ['eraseeee', 'more than one slip'],
  ])('leaves %s alone: %s', (word) => {
    expect(slipOf(index, word)).toBeUndefined();
  });

  it('gives a misspelt key word its concept, marked near', () => {
    expect(conceptOf('radeera')).toEqual({ concept: 'erase', near: true });
    expect(conceptOf('radera')).toEqual({ concept: 'erase', near: false });
  });
});

describe('the rules read key words with a slip', () => {
  const typesIn = (text: string) => findRequestTypes(foldText(text)).types;
  it.each([
    ['en', 'Please errase my personal data.', 'erasure'],
    ['en', 'Please send me a copy of my recorrds.', 'access'],
    ['sv', 'Kan ni radra mina uppgifter?', 'erasure'],
    ['sv', 'Jag vill ha ett registeutdrag.', 'access'],
    ['nb', 'Jeg vil ha innssyn i opplysningene mine.', 'access'],
  ])('in %s: %s', (_language, text, type) => {
    expect(typesIn(text)).toEqual([type]);
  });

  it('does not read a word of its own as a slip ("sette" is not "slette")', () => {
    expect(typesIn('Kan dere sette opp et møte med meg?')).toEqual([]);
  });
});
