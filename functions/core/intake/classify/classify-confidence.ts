import { sigmoid } from './classify-boost';

/**
 * The confidence of a verdict: how likely it is that the category and the exact set of types are
 * both right. The model's own probabilities do not say that: a product over every type of "found"
 * or "left out" compounds seven small doubts into a large one, and punishes a plain one-right mail
 * for the rights it does not mention. So the confidence is a small logistic regression (Platt
 * scaling) over the probabilities behind the verdict, fitted on held-out folds (classify-train):
 * of the held-out mails that scored like this one, this share was classified right.
 */

/** The model's probabilities behind a verdict. */
export interface Evidence {
  /** Probability of the category given. */
  category: number;
  /** Lowest probability among the types given, the rules' vote included (1 when none is given). */
  weakestType: number;
  /** Highest probability among the types left out (0 when none is left out). */
  strongestAbsent: number;
  /**
   * Lowest probability the model alone gives a type given (1 when none is given): where the rules
   * name a type the model doubts ("take me off your mailings, but keep my account"), the two
   * together look surer than the verdict is.
   */
  weakestLearned: number;
  /** Sentences in the new text, greetings and sign-offs left out: each is a place for a wish the verdict may have missed. */
  sentences: number;
}

/** Weights over calibrationFeatures, and a bias: fitted by fitCalibration. */
export interface Calibration {
  weights: number[];
  bias: number;
}

/**
 * Probabilities are read no closer to 0 or 1 than this: past 0.999 the model's certainty is noise
 * that the calibration would weigh as evidence. Measured by cross-validation on 17,910 texts
 * (share of mail to triage at 99 % right above the threshold): 45.0 % at 1e-4, 42.7 % at 1e-3;
 * the same folds refitted for other edges gave 42.3 % to 43.9 % from 5e-4 to 1e-2, 47 % at 1e-5.
 */
const EDGE = 1e-3;
const logit = (p: number) => {
  const q = Math.min(1 - EDGE, Math.max(EDGE, p));
  return Math.log(q / (1 - q));
};

/**
 * The verdict's probabilities and the number of sentences in the mail. The verdicts that are wrong
 * though the model is sure are mostly mails that ask for two or three things of which one was
 * missed: a mail of many sentences has more room for that, a plain one-line request the least.
 * Measured by cross-validation (share of mail to triage at 99 % right above the threshold): 35.9 %
 * with the two probabilities alone, but plain one-line requests then fell below the threshold;
 * 37.6 % with the sentences added, and those requests clear it. The likeliest type left out on its
 * own, the number of words, the category's probability, the runner-up's, the number of types, the
 * rules agreeing or a question asked each raised the triage rate further. A mail of one sentence,
 * told apart from the rest, sent as much of the mail to staff (on 72,298 and on 81,913 texts) and
 * lifted the plain one-line requests further above the threshold (the closest from 0.003 above it
 * to 0.006): one sentence is one wish, which a mail of two does not promise.
 */
function calibrationFeatures(e: Evidence): number[] {
  return [
    logit(uncalibratedConfidence(e)),
    logit(e.weakestLearned),
    Math.log(1 + e.sentences),
    e.sentences === 1 ? 1 : 0,
  ];
}

/**
 * Before calibration: the category's probability times the weakest type given and the doubt about
 * the likeliest type left out (the one a person would hesitate over), not all seven multiplied.
 * That doubt counts as its square root: a type left out at 0.15 is mostly the model reading a
 * phrase shared between rights ("all the data you have about me" asks for a copy more often than
 * not, but not in "erase all the data you have about me"). Measured on the held-out folds of
 * 72,298 texts at 99 % right: the doubt whole sent 38.6 % of the mail to staff, its square root
 * 37.6 %, its 0.35th power 36.4 % but left a plain one-line erasure request below the threshold
 * on 81,913 texts.
 */
export function uncalibratedConfidence(e: Evidence): number {
  return e.category * e.weakestType * Math.sqrt(1 - e.strongestAbsent);
}

export function confidenceOf(e: Evidence, calibration?: Calibration): number {
  if (!calibration) return uncalibratedConfidence(e);
  const x = calibrationFeatures(e);
  const z = x.reduce((sum, v, i) => sum + v * (calibration.weights[i] ?? 0), calibration.bias);
  return sigmoid(z);
}

const ITERATIONS = 400;
const L2 = 1e-3;

/**
 * Fits the calibration to verdicts on held-out mail and whether each was right: logistic
 * regression by Newton's method (a handful of weights; deterministic).
 */
export function fitCalibration(rows: ReadonlyArray<{ evidence: Evidence; right: boolean }>): Calibration {
  const xs = rows.map((r) => [...calibrationFeatures(r.evidence), 1]);
  const ys = rows.map((r) => (r.right ? 1 : 0));
  const d = (xs[0]?.length ?? 1) as number;
  let w = new Array<number>(d).fill(0);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    xs.forEach((x, n) => {
      const p = sigmoid(x.reduce((s, v, i) => s + v * (w[i] ?? 0), 0));
      const residual = p - (ys[n] ?? 0);
      const curvature = p * (1 - p);
      for (let i = 0; i < d; i++) {
        gradient[i] = (gradient[i] ?? 0) + residual * (x[i] ?? 0);
        const row = hessian[i] as number[];
        for (let j = 0; j < d; j++) row[j] = (row[j] ?? 0) + curvature * (x[i] ?? 0) * (x[j] ?? 0);
      }
    });
    // The bias (last weight) is not shrunk.
    for (let i = 0; i < d - 1; i++) {
      gradient[i] = (gradient[i] ?? 0) + L2 * rows.length * (w[i] ?? 0);
      (hessian[i] as number[])[i] = ((hessian[i] as number[])[i] ?? 0) + L2 * rows.length;
    }
    const step = solve(hessian, gradient);
    w = w.map((v, i) => v - (step[i] ?? 0));
    if (step.every((s) => Math.abs(s) < 1e-10)) break;
  }
  return {
    weights: w.slice(0, -1).map((v) => Number(v.toFixed(6))),
    bias: Number((w.at(-1) ?? 0).toFixed(6)),
  };
}

/** Solves a x = b by Gaussian elimination with partial pivoting (a is small and positive definite). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    }
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const top = m[col] as number[];
    for (let r = col + 1; r < n; r++) {
      const row = m[r] as number[];
      const f = (row[col] ?? 0) / (top[col] || 1);
      for (let c = col; c <= n; c++) row[c] = (row[c] ?? 0) - f * (top[c] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r] as number[];
    let s = row[n] ?? 0;
    for (let c = r + 1; c < n; c++) s -= (row[c] ?? 0) * (x[c] ?? 0);
    x[r] = s / (row[r] || 1);
  }
  return x;
}
