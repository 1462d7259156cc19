import { describe, expect, it } from 'vitest';
import { type CorpusEntry, SHIPPED_OPTIONS } from '../../functions/core/intake/classify/classify-train';
import { withTrainingWorkers } from '../../functions/core/intake/classify/classify-train-workers';

const entry = (i: number, text: string): CorpusEntry => ({
  id: `t-${i}`,
  group: `g-${i}`,
  language: 'en',
  category: 'request',
  types: ['erasure'],
  subject: '',
  text,
});

describe('training workers', () => {
  it('work the tasks given and answer each with its own result', async () => {
    // Enough texts for the letter model to keep some n-grams.
    const entries = Array.from({ length: 150 }, (_, i) => entry(i, `Please delete my account number ${i}.`));
    const results = await withTrainingWorkers({ entries, options: SHIPPED_OPTIONS, k: 5 }, (run) =>
      Promise.all([0, 1, 2, 3, 4].map((fold) => run({ kind: 'fold', fold }))),
    );
    // Groups are dealt to the folds round-robin: each fold's texts are assessed by its own task.
    results.forEach((result, fold) => {
      expect(result.assessed.map((a) => a.index)).toEqual(
        entries.flatMap((_, i) => (i % 5 === fold ? [i] : [])),
      );
      for (const { assessment } of result.assessed)
        expect(assessment.classification.category).toBe('request');
    });
  });

  it('fail the training with the error a task met', async () => {
    const entries = [
      entry(0, 'Please delete my account.'),
      { ...entry(1, ''), text: undefined as unknown as string },
    ];
    await expect(
      withTrainingWorkers({ entries, options: SHIPPED_OPTIONS, k: 2 }, (run) => run({ kind: 'whole' })),
    ).rejects.toThrow(TypeError);
  });
});
