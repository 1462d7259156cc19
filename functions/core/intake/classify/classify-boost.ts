/**
 * Gradient-boosted decision trees, small and deterministic: the classifier's decision stage
 * (classify-decision) is one forest for the categories (softmax) and one for the request types (a
 * sigmoid each). Each round adds one tree per output, fitted to the gradient and curvature of the
 * log loss (Newton boosting) over inputs cut into a few dozen bins; every tree is complete to a
 * fixed depth, so a mail's path through it is a few comparisons. Leaves are one-byte levels, and
 * training adds each leaf as shipped, so later rounds make up for the rounding.
 */

import { bytesOfText, byteText } from './classify-weight-code';

export type Link = 'softmax' | 'sigmoid';

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export interface BoostOptions {
  link: Link;
  rounds: number;
  depth: number;
  /** Each leaf's Newton step is shrunk by this. */
  rate: number;
  /** A split leaves at least this many rows on each side. */
  minRows: number;
  /** At most this many cut points per input. */
  bins: number;
  /** L2 penalty on leaf values. */
  l2: number;
}

/** A trained forest: `outputs` trees per round, complete to `depth`, nodes in heap order. */
export interface Forest {
  link: Link;
  depth: number;
  outputs: number;
  base: Float64Array;
  /** Per internal node, the input it tests. */
  inputs: Int16Array;
  /**
   * Per internal node, the threshold: an input at or below it goes left. A node that does not split
   * tests the first input against infinity, so every row goes left without a test of its own.
   */
  thresholds: Float32Array;
  /** Per leaf, its level; a leaf's value is its level times `scale`. */
  leaves: Int8Array;
  scale: number;
}

export interface SerializedForest {
  link: Link;
  depth: number;
  outputs: number;
  base: number[];
  /** Per input, its cut points as float32, a byte text. */
  cuts: string[];
  /** Per internal node two bytes, the input (255: no split) and the index of its cut, a byte text. */
  nodes: string;
  /** Per leaf its level (int8), a byte text. */
  leaves: string;
  scale: number;
}

/** A leaf's Newton step is clipped to this before it is shrunk: a lone surprising row must not swing a whole leaf. */
const MAX_STEP = 8;
const NO_SPLIT = 255;

/** Scores (before the link) of every output for one row of inputs. */
export function forestScores(forest: Forest, x: ArrayLike<number>, into: Float64Array): Float64Array {
  const { depth, outputs, inputs, thresholds, leaves, scale } = forest;
  const internal = (1 << depth) - 1;
  const leafCount = 1 << depth;
  const trees = leaves.length / leafCount;
  for (let o = 0; o < outputs; o++) into[o] = forest.base[o] as number;
  for (let t = 0; t < trees; t++) {
    let node = 0;
    const offset = t * internal;
    for (let d = 0; d < depth; d++) {
      const input = inputs[offset + node] as number;
      // The comparison counted, not branched on: a mail's path through a tree is as good as random
      // to the processor, and a mispredicted branch costs more than the sum (on random rows, twice).
      node = 2 * node + 2 - Number((x[input] as number) <= (thresholds[offset + node] as number));
    }
    const o = t % outputs;
    into[o] = (into[o] as number) + (leaves[t * leafCount + node - internal] as number) * scale;
  }
  return into;
}

/** The forest's probabilities for one row: a distribution (softmax) or one per output (sigmoid). */
export function forestProbabilities(forest: Forest, x: ArrayLike<number>): Float64Array {
  const scores = forestScores(forest, x, new Float64Array(forest.outputs));
  return linked(forest.link, scores);
}

function linked(link: Link, scores: Float64Array): Float64Array {
  if (link === 'sigmoid') return scores.map(sigmoid);
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) max = Math.max(max, s);
  const exp = scores.map((s) => Math.exp(s - max));
  const total = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / total);
}

/**
 * Cut points of one input: every midpoint between its distinct values when they are few, else
 * values at even quantiles, as float32 so the shipped thresholds are the trained ones.
 */
function cutsOf(values: Float32Array, bins: number): Float32Array {
  const sorted = Float32Array.from(values).sort();
  // Only whether there are more than bins + 1 distinct values matters beyond them.
  const distinct: number[] = [];
  for (const v of sorted) {
    if (distinct.length === 0 || v !== distinct[distinct.length - 1]) distinct.push(v);
    if (distinct.length > bins + 1) break;
  }
  if (distinct.length <= bins + 1) {
    return Float32Array.from(distinct.slice(1).map((v, i) => ((distinct[i] as number) + v) / 2));
  }
  const cuts: number[] = [];
  for (let b = 1; b <= bins; b++) {
    const v = Math.fround(sorted[Math.floor((b * sorted.length) / (bins + 1))] as number);
    if (v !== cuts[cuts.length - 1] && v < (sorted[sorted.length - 1] as number)) cuts.push(v);
  }
  return Float32Array.from(cuts);
}

/**
 * Trains a forest. `rows` are the inputs (all of one length), `targets` per row either the class
 * (softmax) or one 0/1 per output (sigmoid). Deterministic: the same rows give the same forest.
 */
export function trainForest(
  rows: readonly Float32Array[],
  targets: readonly (number | Uint8Array)[],
  outputs: number,
  options: BoostOptions,
): SerializedForest {
  const n = rows.length;
  const width = rows[0]?.length ?? 0;
  const { depth, rate, minRows, l2, link } = options;
  const column = new Float32Array(n);
  const cuts = Array.from({ length: width }, (_, f) => {
    for (let i = 0; i < n; i++) column[i] = (rows[i] as Float32Array)[f] as number;
    return cutsOf(column, options.bins);
  });
  const bins = Math.max(1, ...cuts.map((c) => c.length + 1));
  // Each row's bin per input (the number of cuts below its value), row by row: a row's additions
  // to the histograms fall on a different input each, so none waits for the one before (input by
  // input, the rows of a two-valued input add to the same few sums one after another).
  const binned = new Uint8Array(n * width);
  rows.forEach((r, i) => {
    for (let f = 0; f < width; f++) {
      const c = cuts[f] as Float32Array;
      const v = Math.fround(r[f] as number);
      let lo = 0;
      let hi = c.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= (c[mid] as number)) hi = mid;
        else lo = mid + 1;
      }
      binned[i * width + f] = lo;
    }
  });
  const y = new Float64Array(n * outputs);
  targets.forEach((t, i) => {
    if (typeof t === 'number') y[i * outputs + t] = 1;
    else for (let o = 0; o < outputs; o++) y[i * outputs + o] = t[o] as number;
  });
  const base = new Float64Array(outputs);
  for (let o = 0; o < outputs; o++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i * outputs + o] as number;
    const share = Math.min(1 - 1e-6, Math.max(1e-6, mean / n));
    base[o] = link === 'softmax' ? Math.log(share) : Math.log(share / (1 - share));
  }
  const scores = new Float64Array(n * outputs);
  for (let i = 0; i < n; i++) scores.set(base, i * outputs);

  const internal = (1 << depth) - 1;
  const scale = (rate * MAX_STEP) / 127;
  const treeInputs: number[] = [];
  const treeCuts: number[] = [];
  const treeLeaves: number[] = [];
  const node = new Int32Array(n);
  const probabilities = new Float64Array(outputs);
  // Per row, per output, the gradient and the curvature side by side.
  const ghWidth = outputs * 2;
  const gh = new Float64Array(n * ghWidth);
  const stride = width * bins * 3;
  // Each tree's root holds every row, so its row counts per input and bin are the same in every tree.
  const rootCounts = new Float64Array(stride);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < width; f++) {
      const k = f * bins * 3 + (binned[i * width + f] as number) * 3 + 2;
      rootCounts[k] = (rootCounts[k] as number) + 1;
    }
  }
  const roots = new Float64Array(outputs * stride);
  for (let round = 0; round < options.rounds; round++) {
    for (let i = 0; i < n; i++) {
      linkInto(link, scores, i * outputs, outputs, probabilities);
      for (let o = 0; o < outputs; o++) {
        const p = probabilities[o] as number;
        gh[i * ghWidth + 2 * o] = p - (y[i * outputs + o] as number);
        gh[i * ghWidth + 2 * o + 1] = Math.max(p * (1 - p), 1e-6);
      }
    }
    // The histograms of the roots of this round's trees, one per output, in one pass over the rows:
    // every output's gradients are known before its tree is grown. Each sum adds the rows in order,
    // as summing one tree at a time would, so the forest is the same.
    for (let o = 0; o < outputs; o++) roots.set(rootCounts, o * stride);
    for (let i = 0; i < n; i++) {
      const rowAt = i * width;
      const ghAt = i * ghWidth;
      for (let f = 0; f < width; f++) {
        const cell = f * bins * 3 + (binned[rowAt + f] as number) * 3;
        for (let o = 0, k = cell; o < outputs; o++, k += stride) {
          roots[k] = (roots[k] as number) + (gh[ghAt + 2 * o] as number);
          roots[k + 1] = (roots[k + 1] as number) + (gh[ghAt + 2 * o + 1] as number);
        }
      }
    }
    for (let o = 0; o < outputs; o++) {
      const gradients = { values: gh, width: ghWidth, at: 2 * o };
      const root = roots.subarray(o * stride, (o + 1) * stride);
      const tree = growTree(binned, width, bins, gradients, root, node, depth, minRows, l2);
      for (let k = 0; k < internal; k++) {
        treeInputs.push(tree.inputs[k] as number);
        treeCuts.push(tree.cuts[k] as number);
      }
      const levels = tree.steps.map((step) =>
        Math.round((Math.max(-MAX_STEP, Math.min(MAX_STEP, step)) * rate) / scale),
      );
      for (const level of levels) treeLeaves.push(level);
      for (let i = 0; i < n; i++) {
        const leaf = (node[i] as number) - internal;
        scores[i * outputs + o] = (scores[i * outputs + o] as number) + (levels[leaf] as number) * scale;
      }
    }
  }
  return serializeForest(options, outputs, base, cuts, treeInputs, treeCuts, treeLeaves, scale);
}

/** The probabilities of one row from its scores, written into `out`. */
function linkInto(link: Link, scores: Float64Array, at: number, outputs: number, out: Float64Array): void {
  if (link === 'sigmoid') {
    for (let o = 0; o < outputs; o++) out[o] = sigmoid(scores[at + o] as number);
    return;
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let o = 0; o < outputs; o++) max = Math.max(max, scores[at + o] as number);
  let total = 0;
  for (let o = 0; o < outputs; o++) {
    out[o] = Math.exp((scores[at + o] as number) - max);
    total += out[o] as number;
  }
  for (let o = 0; o < outputs; o++) out[o] = (out[o] as number) / total;
}

/** Every row's gradient and curvature of one output: `values[row * width + at]` and the value after it. */
interface Gradients {
  values: Float64Array;
  width: number;
  at: number;
}

/**
 * One tree, level by level, from its root's histograms: each node takes the split with the largest
 * gain in the second-order objective, or none. Leaves `node` holding each row's leaf (in heap
 * numbering) and returns each leaf's Newton step before shrinking. A node's histograms are summed
 * over its rows only for the smaller of two siblings; the larger's are its parent's less the
 * smaller's.
 */
function growTree(
  binned: Uint8Array,
  width: number,
  bins: number,
  gradients: Gradients,
  root: Float64Array,
  node: Int32Array,
  depth: number,
  minRows: number,
  l2: number,
): { inputs: number[]; cuts: number[]; steps: number[] } {
  const n = node.length;
  const { values: gh, width: ghWidth, at: ghAt } = gradients;
  const inputs: number[] = [];
  const cuts: number[] = [];
  // Per node of a level, per input, per bin: the sums of gradient and curvature and the row count.
  const stride = width * bins * 3;
  let parents: Float64Array = new Float64Array(0);
  node.fill(0);
  for (let level = 0; level < depth; level++) {
    const first = (1 << level) - 1;
    const count = 1 << level;
    const histograms = level === 0 ? root : new Float64Array(count * stride);
    // Rows per node of this level, to tell the smaller sibling.
    const rowsPerNode = new Int32Array(count);
    for (let i = 0; i < n; i++) {
      const m = (node[i] as number) - first;
      rowsPerNode[m] = (rowsPerNode[m] as number) + 1;
    }
    const summed = new Uint8Array(count);
    for (let m = 0; m < count; m++) {
      const mine = rowsPerNode[m] as number;
      const siblings = rowsPerNode[m ^ 1] as number;
      summed[m] = level === 0 || mine < siblings || (mine === siblings && m % 2 === 0) ? 1 : 0;
    }
    // The rows of the nodes summed here (below the root), with where their node's histograms start
    // and their gradients.
    let listed = 0;
    if (level > 0) for (let i = 0; i < n; i++) if (summed[(node[i] as number) - first] === 1) listed++;
    const rows = new Int32Array(listed);
    const starts = new Int32Array(listed);
    const gs = new Float64Array(listed);
    const hs = new Float64Array(listed);
    for (let i = 0, j = 0; j < listed; i++) {
      const m = (node[i] as number) - first;
      if (summed[m] === 0) continue;
      rows[j] = i;
      starts[j] = m * stride;
      gs[j] = gh[i * ghWidth + ghAt] as number;
      hs[j] = gh[i * ghWidth + ghAt + 1] as number;
      j++;
    }
    for (let j = 0; j < listed; j++) {
      const rowAt = (rows[j] as number) * width;
      const gj = gs[j] as number;
      const hj = hs[j] as number;
      for (let f = 0, inputAt = starts[j] as number; f < width; f++, inputAt += bins * 3) {
        const k = inputAt + (binned[rowAt + f] as number) * 3;
        histograms[k] = (histograms[k] as number) + gj;
        histograms[k + 1] = (histograms[k + 1] as number) + hj;
        histograms[k + 2] = (histograms[k + 2] as number) + 1;
      }
    }
    for (let m = 0; m < count; m++) {
      if (summed[m] === 1) continue;
      const parentAt = (m >> 1) * stride;
      const siblingAt = (m ^ 1) * stride;
      const at = m * stride;
      for (let k = 0; k < stride; k++) {
        histograms[at + k] = (parents[parentAt + k] as number) - (histograms[siblingAt + k] as number);
      }
    }
    const chosen: Array<{ input: number; cut: number }> = [];
    for (let m = 0; m < count; m++) {
      // The node's totals, from any one input's bins.
      let G = 0;
      let H = 0;
      let N = 0;
      for (let b = 0; b < bins; b++) {
        G += histograms[m * stride + b * 3] as number;
        H += histograms[m * stride + b * 3 + 1] as number;
        N += histograms[m * stride + b * 3 + 2] as number;
      }
      const parent = (G * G) / (H + l2);
      let best = { gain: 1e-9, input: NO_SPLIT, cut: 0 };
      for (let f = 0; f < width; f++) {
        let gl = 0;
        let hl = 0;
        let nl = 0;
        const at = m * stride + f * bins * 3;
        for (let b = 0; b < bins - 1; b++) {
          gl += histograms[at + b * 3] as number;
          hl += histograms[at + b * 3 + 1] as number;
          nl += histograms[at + b * 3 + 2] as number;
          if (nl < minRows) continue;
          if (N - nl < minRows) break;
          const gr = G - gl;
          const hr = H - hl;
          const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parent;
          if (gain > best.gain) best = { gain, input: f, cut: b };
        }
      }
      chosen.push({ input: best.input, cut: best.cut });
      inputs.push(best.input);
      cuts.push(best.cut);
    }
    for (let i = 0; i < n; i++) {
      const { input, cut } = chosen[(node[i] as number) - first] as { input: number; cut: number };
      const left = input === NO_SPLIT || (binned[i * width + input] as number) <= cut;
      node[i] = 2 * (node[i] as number) + (left ? 1 : 2);
    }
    parents = histograms;
  }
  const internal = (1 << depth) - 1;
  const leafG = new Float64Array(1 << depth);
  const leafH = new Float64Array(1 << depth);
  for (let i = 0; i < n; i++) {
    const leaf = (node[i] as number) - internal;
    leafG[leaf] = (leafG[leaf] as number) + (gh[i * ghWidth + ghAt] as number);
    leafH[leaf] = (leafH[leaf] as number) + (gh[i * ghWidth + ghAt + 1] as number);
  }
  const steps = Array.from(leafG, (G, leaf) => -G / ((leafH[leaf] as number) + l2));
  return { inputs, cuts, steps };
}

/** The forest as shipped: only the cut points some node uses, the nodes renumbered to them. */
function serializeForest(
  options: BoostOptions,
  outputs: number,
  base: Float64Array,
  cuts: readonly Float32Array[],
  treeInputs: readonly number[],
  treeCuts: readonly number[],
  treeLeaves: readonly number[],
  scale: number,
): SerializedForest {
  const used = cuts.map(() => new Set<number>());
  treeInputs.forEach((f, k) => {
    if (f !== NO_SPLIT) used[f]?.add(treeCuts[k] as number);
  });
  const kept = used.map((s) => [...s].sort((a, b) => a - b));
  const nodes = new Uint8Array(treeInputs.length * 2);
  treeInputs.forEach((f, k) => {
    nodes[2 * k] = f;
    nodes[2 * k + 1] = f === NO_SPLIT ? 0 : (kept[f] as number[]).indexOf(treeCuts[k] as number);
  });
  return {
    link: options.link,
    depth: options.depth,
    outputs,
    base: Array.from(base),
    cuts: kept.map((indices, f) =>
      byteText(
        new Uint8Array(Float32Array.from(indices, (i) => (cuts[f] as Float32Array)[i] as number).buffer),
      ),
    ),
    nodes: byteText(nodes),
    leaves: byteText(new Uint8Array(Int8Array.from(treeLeaves).buffer)),
    scale,
  };
}

export function loadForest(serialized: SerializedForest): Forest {
  const cuts = serialized.cuts.map((c) => new Float32Array(bytesOfText(c).buffer));
  const nodes = bytesOfText(serialized.nodes);
  const count = nodes.length / 2;
  const inputs = new Int16Array(count);
  const thresholds = new Float32Array(count);
  for (let k = 0; k < count; k++) {
    const f = nodes[2 * k] as number;
    inputs[k] = f === NO_SPLIT ? 0 : f;
    thresholds[k] =
      f === NO_SPLIT
        ? Number.POSITIVE_INFINITY
        : ((cuts[f] as Float32Array)[nodes[2 * k + 1] as number] as number);
  }
  return {
    link: serialized.link,
    depth: serialized.depth,
    outputs: serialized.outputs,
    base: Float64Array.from(serialized.base),
    inputs,
    thresholds,
    leaves: new Int8Array(bytesOfText(serialized.leaves).buffer),
    scale: serialized.scale,
  };
}
