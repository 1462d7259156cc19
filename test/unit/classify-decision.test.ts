import { describe, expect, it } from 'vitest';
import {
  breachEvidence,
  type DecisionFacts,
  decide,
  decisionInputs,
  loadDecision,
  sentencesOf,
  TYPE_COUNTS,
  trainDecision,
  treeInputs,
  typesNamedByRules,
  wholeMailTypes,
  wordsOf,
} from '../../functions/core/intake/classify/classify-decision';
import type { RequestType } from '../../functions/core/request/request';

/** A breach report as the model, the rules and the hand-written decisions read it. */
const BREACH: DecisionFacts = {
  categories: [0.04, 0, 0.85, 0, 0.1, 0.01],
  types: [0, 0, 0, 0.01, 0, 0, 0],
  ruleTypes: [],
  findings: ['security'],
  pitch: 0,
  sentences: 3,
  words: 25,
  clauses: 3,
  mostInASentence: 1,
  category: 'security',
  verdictTypes: [],
  reader: Array.from({ length: 13 }, (_, i) => i / 10),
};

describe('the decision stage’s inputs', () => {
  it('are read back where decisionInputs placed them', () => {
    const inputs = decisionInputs({
      ...BREACH,
      ruleTypes: ['rectification', 'erasure'],
      verdictTypes: ['erasure'],
      ruleSentenceTypes: [0, 0, 0.9, 0, 0, 0, 0.8],
    });
    expect(inputs).toHaveLength(84);
    // The rules' types read in their own sentences, then the second reader's scores, last.
    expect(Array.from(inputs.subarray(64, 71))).toEqual(
      Array.from(Float32Array.from([0, 0, 0.9, 0, 0, 0, 0.8])),
    );
    expect(Array.from(inputs.subarray(71))).toEqual(Array.from(Float32Array.from(BREACH.reader ?? [])));
    expect(Array.from(decisionInputs(BREACH).subarray(64, 71))).toEqual([-1, -1, -1, -1, -1, -1, -1]);
    expect(Array.from(wholeMailTypes(inputs))).toEqual(Array.from(Float32Array.from(BREACH.types)));
    expect(sentencesOf(inputs)).toBe(3);
    expect(wordsOf(inputs)).toBe(25);
    // The size of the mail, then the most rights the rules found in one sentence.
    expect(Array.from(inputs.subarray(51, 56))).toEqual([0, 3, 25, 3, 1]);
    // The rights the mail says are not wanted, among the rules' findings.
    const declined = decisionInputs({ ...BREACH, findings: ['declined:access', 'declined:erasure'] });
    expect(Array.from(declined.subarray(39, 42))).toEqual([1, 0, 1]);
    expect(Array.from(inputs.subarray(39, 42))).toEqual([0, 0, 0]);
    // The rights only told of (TYPE_ORDER), then whether the writer waived something.
    const told = decisionInputs({ ...BREACH, findings: ['told:rectification', 'told:erasure', 'waived'] });
    expect(Array.from(told.subarray(42, 50))).toEqual([0, 0, 1, 0, 0, 0, 1, 1]);
    expect(Array.from(inputs.subarray(42, 50))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(typesNamedByRules(inputs)).toEqual({
      kept: [false, false, false, false, false, false, true],
      found: 2,
    });
  });

  it('tell a breach report the rules found and the hand-written decisions kept, with the model’s probability of one', () => {
    expect(breachEvidence(decisionInputs(BREACH))).toEqual({ rulesAndDraft: true, model: Math.fround(0.85) });
    expect(breachEvidence(decisionInputs({ ...BREACH, category: 'request' })).rulesAndDraft).toBe(false);
    expect(breachEvidence(decisionInputs({ ...BREACH, findings: ['question'] })).rulesAndDraft).toBe(false);
  });
});

describe('what the trees read', () => {
  const close = (got: Float32Array, want: number[]) => {
    want.forEach((w, i) => {
      expect(got[i] as number).toBeCloseTo(w, 6);
    });
  };

  it('adds each type against the best type of the same reading', () => {
    const inputs = decisionInputs({
      ...BREACH,
      types: [0.1, 0, 0, 0.9, 0, 0, 0.3],
      naming: [0.5, -1, -1, -0.25, -1, -1, -1],
    });
    const x = treeInputs(inputs);
    expect(x).toHaveLength(inputs.length + 4 * 7);
    expect(Array.from(x.subarray(0, inputs.length))).toEqual(Array.from(inputs));
    // The model's over the whole mail, then in a sentence read alone (none here).
    close(x.subarray(inputs.length, inputs.length + 7), [-0.8, -0.9, -0.9, 0, -0.9, -0.9, -0.6]);
    expect(Array.from(x.subarray(inputs.length + 7, inputs.length + 14))).toEqual([
      -1, -1, -1, -1, -1, -1, -1,
    ]);
    // The second reader's type scores (its last seven: 0.6 to 1.2), then the naming reader's.
    close(x.subarray(inputs.length + 14, inputs.length + 21), [-0.6, -0.5, -0.4, -0.3, -0.2, -0.1, 0]);
    close(x.subarray(inputs.length + 21), [0, -1.5, -1.5, -0.75, -1.5, -1.5, -1.5]);
  });

  it('reads no readers where the model has none, and no best below zero', () => {
    const inputs = decisionInputs({ ...BREACH, reader: undefined, naming: [-1, -1, -1, -1, -1, -1, -1] });
    const x = treeInputs(inputs);
    expect(x).toHaveLength(inputs.length + 3 * 7);
    expect(Array.from(x.subarray(inputs.length + 14))).toEqual([-1, -1, -1, -1, -1, -1, -1]);
  });
});

describe('the decision stage', () => {
  // Mails whose hand-written verdict names none to three rights, each asking for what it names.
  const ASKS: RequestType[][] = [
    [],
    ['erasure'],
    ['access', 'erasure'],
    ['access', 'rectification', 'erasure'],
  ];
  const rows = Array.from({ length: 400 }, (_, i) => {
    const types = ASKS[i % ASKS.length] as RequestType[];
    const inputs = decisionInputs({
      ...BREACH,
      category: 'request',
      findings: [],
      verdictTypes: types,
      words: 10 + (i % 37),
    });
    return { inputs, category: 'request' as const, types };
  });
  const decision = loadDecision(trainDecision(rows));

  it('says how many rights a mail asks for, three or more as one answer', () => {
    expect(TYPE_COUNTS).toBe(4);
    ASKS.forEach((types, count) => {
      const typeCounts = decide(
        decision,
        decisionInputs({ ...BREACH, category: 'request', findings: [], verdictTypes: types }),
      ).typeCounts();
      expect(typeCounts).toHaveLength(TYPE_COUNTS);
      expect(typeCounts.indexOf(Math.max(...typeCounts))).toBe(count);
      expect(typeCounts.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    });
  });
});
