import { describe, expect, it } from 'vitest';
import {
  type BoostOptions,
  forestProbabilities,
  loadForest,
  trainForest,
} from '../../functions/core/intake/classify/classify-boost';
import { seededRandom } from '../../functions/core/intake/classify/classify-train';

const OPTIONS: Omit<BoostOptions, 'link'> = { rounds: 40, depth: 3, rate: 0.3, minRows: 5, bins: 32, l2: 1 };

/**
 * Points in the unit square, with a third coordinate of noise and a fourth that never changes: class 1
 * where exactly one of the first two is above a half (no line separates them).
 */
function crossing(n: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const x = Float32Array.of(random(), random(), random(), 0.5);
    const label = (x[0] as number) > 0.5 !== (x[1] as number) > 0.5 ? 1 : 0;
    return { x, label };
  });
}

describe('boosted trees', () => {
  it('learn an interaction no single threshold separates, and say so on points they never saw', () => {
    const train = crossing(600, 1);
    const forest = loadForest(
      trainForest(
        train.map((p) => p.x),
        train.map((p) => Uint8Array.of(p.label)),
        1,
        { ...OPTIONS, link: 'sigmoid' },
      ),
    );
    const test = crossing(300, 2);
    const right = test.filter(
      (p) => ((forestProbabilities(forest, p.x)[0] as number) >= 0.5 ? 1 : 0) === p.label,
    );
    expect(right.length / test.length).toBeGreaterThan(0.9);
  });

  it('give a distribution over classes with softmax, the likeliest the right one', () => {
    const train = crossing(600, 3);
    const classOf = (x: Float32Array) => ((x[0] as number) < 0.33 ? 0 : (x[0] as number) < 0.66 ? 1 : 2);
    const forest = loadForest(
      trainForest(
        train.map((p) => p.x),
        train.map((p) => classOf(p.x)),
        3,
        { ...OPTIONS, link: 'softmax' },
      ),
    );
    for (const { x } of crossing(100, 4)) {
      const p = forestProbabilities(forest, x);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      // Cut points fall between the training points, so a point close to an edge may go either way.
      const nearEdge = Math.abs((x[0] as number) - 0.33) < 0.06 || Math.abs((x[0] as number) - 0.66) < 0.06;
      if (!nearEdge) expect(p.indexOf(Math.max(...p))).toBe(classOf(x));
    }
  });

  it('train deterministically, and ship only what they use', () => {
    const train = crossing(300, 5);
    const trainOnce = () =>
      trainForest(
        train.map((p) => p.x),
        train.map((p) => Uint8Array.of(p.label)),
        1,
        { ...OPTIONS, link: 'sigmoid' },
      );
    const first = trainOnce();
    expect(JSON.stringify(trainOnce())).toBe(JSON.stringify(first));
    // The first two coordinates decide and are cut; the constant one cannot be, and ships no cut.
    // A cut is a float32: four bytes, a character each.
    const cutsPerInput = first.cuts.map((c) => c.length / 4);
    expect(cutsPerInput[0]).toBeGreaterThan(0);
    expect(cutsPerInput[1]).toBeGreaterThan(0);
    expect(cutsPerInput[3]).toBe(0);
  });
});
