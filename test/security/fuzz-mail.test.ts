import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProbablyMime, parseMail } from '../../functions/adapters/parse-mail';
import { classifyMail } from '../../functions/core/intake/classify/classify-mail';
import { MAIL_CATEGORIES } from '../../functions/core/intake/inbound-mail';
import { startTestStack, type TestStack } from '../support/stack';
import { rawMail } from './fuzz-mail-support';
import { deliverWithVerdicts } from './support';

/**
 * Property-based fuzzing of the mail parser and the classifier: whatever bytes arrive, parsing
 * never throws and gives an InboundMail, and the classifier gives one of its categories. A failure
 * prints the seed; replay with `FUZZ_SEED=<seed> npx vitest run test/security/fuzz-mail.test.ts`.
 */
const options = (): fc.Parameters<unknown> => ({
  numRuns: Number(process.env.FUZZ_RUNS ?? 300),
  ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}),
});

describe('fuzzing the mail parser and classifier', () => {
  it('parses any bytes without throwing, and classifies the result into a known category', async () => {
    await fc.assert(
      fc.asyncProperty(rawMail, async (raw) => {
        isProbablyMime(raw);
        const mail = await parseMail(raw);
        expect(typeof mail.subject).toBe('string');
        expect(typeof mail.text).toBe('string');
        expect(Array.isArray(mail.references)).toBe(true);
        const classification = classifyMail(mail);
        expect(MAIL_CATEGORIES).toContain(classification.category);
        expect(classification.confidence).toBeGreaterThanOrEqual(0);
        expect(classification.confidence).toBeLessThanOrEqual(1);
      }),
      options(),
    );
  });
});

describe('fuzzing mail intake', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack();
  });

  afterAll(async () => {
    await stack?.stepFunctions.settled();
    await stack?.dispose();
  });

  it('takes any delivered bytes in without throwing, so SES never retries a mail for ever', async () => {
    await fc.assert(
      fc.asyncProperty(rawMail, fc.constantFrom('PASS', 'FAIL', 'GRAY'), async (raw, verdict) => {
        await deliverWithVerdicts(stack, raw, 'fuzz.sender@example.org', { spf: verdict, dmarc: verdict });
      }),
      { ...options(), numRuns: Number(process.env.FUZZ_INTAKE_RUNS ?? 40) },
    );
  });
});
