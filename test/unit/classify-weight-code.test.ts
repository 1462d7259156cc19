import { describe, expect, it } from 'vitest';
import {
  bytesOfText,
  byteText,
  decodeLevels,
  encodeLevels,
  featureList,
  MAX_LEVEL,
  readFeatureList,
} from '../../functions/core/intake/classify/classify-weight-code';

/** Levels drawn as a model's are: most near zero, a few far out. */
function modelLikeLevels(count: number, seed: number): number[] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, () => {
    const magnitude = Math.min(MAX_LEVEL, Math.floor(-Math.log(1 - next()) * 2));
    return next() < 0.6 && magnitude > 0 ? -magnitude : magnitude;
  });
}

describe('the weight code', () => {
  it.each([
    ['model-like levels', modelLikeLevels(20_000, 1)],
    ['every level once', Array.from({ length: 2 * MAX_LEVEL + 1 }, (_, i) => i - MAX_LEVEL)],
    ['one level only', new Array(50).fill(-3)],
    ['a single weight', [MAX_LEVEL]],
    ['no weights', []],
  ])('gives back exactly the levels it coded: %s', (_, levels) => {
    const coded = encodeLevels(levels);
    expect([...decodeLevels(coded, levels.length)]).toEqual(levels);
  });

  it('codes the same levels to the same text, so the shipped model can be rebuilt byte for byte', () => {
    const levels = modelLikeLevels(5000, 2);
    expect(encodeLevels(levels)).toEqual(encodeLevels([...levels]));
  });

  it('takes about four bits a weight, where a byte each took eight, when most weights are near zero', () => {
    const levels = modelLikeLevels(20_000, 3);
    const bits = 8 * encodeLevels(levels).bits.length;
    expect(bits / levels.length).toBeLessThan(4.8);
  });

  it('writes a byte text: one character per byte', () => {
    const { bits } = encodeLevels(modelLikeLevels(2000, 5));
    expect([...bits].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
    expect(byteText(bytesOfText(bits))).toBe(bits);
  });

  it('refuses a weight outside the levels, and a text holding fewer levels than asked for', () => {
    expect(() => encodeLevels([MAX_LEVEL + 1])).toThrow(/not a weight level/);
    expect(() => encodeLevels([0.5])).toThrow(/not a weight level/);
    const coded = encodeLevels(modelLikeLevels(100, 4));
    expect(() => decodeLevels(coded, 10_000)).toThrow(/holds \d+ levels, not 10000/);
  });
});

/** `count` distinct indices of a hashed space of 2^18, ascending, drawn at random. */
function spreadIndices(count: number, seed: number): number[] {
  let state = seed;
  const chosen = new Set<number>();
  while (chosen.size < count) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    chosen.add(state >>> 14);
  }
  return [...chosen].sort((a, b) => a - b);
}

describe('the feature list code', () => {
  it.each([
    ['indices spread over the space', spreadIndices(20_000, 5)],
    ['the first index and the last', [0, (1 << 18) - 1]],
    ['neighbours', [7, 8, 9, 10, 200]],
    ['one index', [123_456]],
    ['no index', []],
  ])('gives back exactly the indices it coded: %s', (_, indices) => {
    expect([...readFeatureList(featureList(indices))]).toEqual(indices);
  });

  it('takes about five bits a feature where a byte each took eight, for features spread as hashing spreads them', () => {
    const indices = spreadIndices(20_000, 6);
    const bits = 8 * featureList(indices).bits.length;
    expect(bits / indices.length).toBeLessThan(6);
  });

  it('refuses indices that do not ascend, and a list that ends before its count', () => {
    expect(() => featureList([5, 3])).toThrow(/ascend/);
    expect(() => featureList([5, 5])).toThrow(/ascend/);
    expect(() => readFeatureList({ ...featureList([1, 2, 3]), count: 400 })).toThrow(/ends early/);
  });
});
