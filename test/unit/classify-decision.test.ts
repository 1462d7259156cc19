import { describe, expect, it } from 'vitest';
import {
  breachEvidence,
  type DecisionFacts,
  decisionInputs,
  sentencesOf,
  typesNamedByRules,
  wholeMailTypes,
  wordsOf,
} from '../../functions/core/intake/classify/classify-decision';

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
    });
    expect(inputs).toHaveLength(65);
    expect(Array.from(wholeMailTypes(inputs))).toEqual(Array.from(Float32Array.from(BREACH.types)));
    expect(sentencesOf(inputs)).toBe(3);
    expect(wordsOf(inputs)).toBe(25);
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
