import { describe, expect, it } from 'vitest';
import {
  decodeLevels,
  encodeLevels,
  MAX_LEVEL,
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

  it('takes fewer base64 digits than one per weight when most weights are near zero', () => {
    const levels = modelLikeLevels(20_000, 3);
    const digits = encodeLevels(levels).bits.length;
    expect(digits).toBeLessThan(levels.length * 0.8);
  });

  it('refuses a weight outside the levels, and a text holding fewer levels than asked for', () => {
    expect(() => encodeLevels([MAX_LEVEL + 1])).toThrow(/not a weight level/);
    expect(() => encodeLevels([0.5])).toThrow(/not a weight level/);
    const coded = encodeLevels(modelLikeLevels(100, 4));
    expect(() => decodeLevels(coded, 10_000)).toThrow(/holds \d+ levels, not 10000/);
  });
});
