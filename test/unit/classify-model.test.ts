import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LANGS, letterGrams, letterScores } from '../../functions/core/intake/classify/classify-language';
import { classifyText, needsTriage } from '../../functions/core/intake/classify/classify-mail';
import { loadModel, MODEL_TYPES } from '../../functions/core/intake/classify/classify-model';
import { readShippedModel } from '../../functions/core/intake/classify/classify-model-data';
import { MODEL_FILE, modelFile } from '../../functions/core/intake/classify/classify-model-file';
import {
  buildModel,
  foldsOf,
  parseCorpus,
  parseReaderLabels,
  SHIPPED_OPTIONS,
} from '../../functions/core/intake/classify/classify-train';
import { parseCorpusSource } from '../../scripts/expand-corpus';

const ROOT = join(import.meta.dirname, '../..');
const corpusText = readFileSync(join(ROOT, 'test/fixtures/corpus/corpus.jsonl'), 'utf8');
const corpus = parseCorpus(corpusText);

describe('the classifier corpus', () => {
  it('holds at least 600 labelled texts, at least 100 each in sv, nb and en, and some in da and de', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(600);
    const count = (language: string) => corpus.filter((e) => e.language === language).length;
    for (const language of ['sv', 'nb', 'en']) expect(count(language), language).toBeGreaterThanOrEqual(100);
    for (const language of ['da', 'de']) expect(count(language), language).toBeGreaterThan(0);
  });

  it('is the expansion of the hand-written sources, so nobody edits the expanded file by hand', async () => {
    const tsx = join(ROOT, 'node_modules/.bin/tsx');
    const { stdout } = await promisify(execFile)(tsx, [join(ROOT, 'scripts/expand-corpus.ts'), '--check']);
    expect(stdout).toMatch(/up to date/);
  }, 60_000);

  it('refuses a label the classifier cannot give: an unknown category or type, or types out of their order', () => {
    const labelled = (label: string) => () =>
      parseCorpusSource(`${label}\nStop the mailings and keep my data.\n`, 'x.txt');
    expect(labelled('@ request restriction,objection')()).toHaveLength(1);
    expect(labelled('@ request objection,restriction')).toThrow(/x\.txt: a label line needs/);
    expect(labelled('@ request deletion')).toThrow(/known types/);
    expect(labelled('@ complaint')).toThrow(/known category/);
  });

  it('gives request types to requests and security reports only', () => {
    for (const e of corpus) {
      if (e.category === 'request') expect(e.types.length, e.id).toBeGreaterThan(0);
      else if (e.category !== 'security') expect(e.types, e.id).toEqual([]);
    }
  });

  it("carries two readers' labels of a sample of its texts, by labels the classifier can give", () => {
    const ids = new Set(corpus.map((e) => e.id));
    const rows = parseReaderLabels(readFileSync(join(ROOT, 'test/fixtures/corpus/readers.tsv'), 'utf8'));
    expect(rows.length).toBeGreaterThanOrEqual(900);
    for (const { id, a, b } of rows) {
      expect(ids.has(id), id).toBe(true);
      for (const { category, types } of [a, b]) {
        expect(() => parseCorpusSource(`@ ${category} ${types}\nA text.\n`, id), id).not.toThrow();
      }
    }
  });

  it('never splits a group of variants between cross-validation folds', () => {
    const folds = foldsOf(corpus, 5);
    const foldOfGroup = new Map<string, number>();
    corpus.forEach((e, i) => {
      const fold = folds[i] as number;
      expect(foldOfGroup.get(e.group) ?? fold, e.id).toBe(fold);
      foldOfGroup.set(e.group, fold);
    });
  });
});

describe('the shipped model', () => {
  it('was trained on the committed corpus', () => {
    expect(readShippedModel().corpusDigest).toBe(createHash('sha256').update(corpusText).digest('hex'));
  });

  /**
   * Five folds and the whole corpus trained, six naming readers and six decision stages: on 141,484
   * texts 10 minutes on a machine of two cores to itself before the naming readers, which add under
   * six minutes of one core (the pieces run side by side); it ran past 30 when it trained on one
   * core with two more trainings on the same two, and took 25 beside two cross-validations.
   */
  const REBUILD_TIMEOUT_MS = 2_700_000;

  it(
    'is what training on the corpus gives, byte for byte',
    async () => {
      // Compared uncompressed: another brotli may pack the same bytes otherwise.
      const rebuilt = brotliDecompressSync(
        modelFile(await buildModel(corpus, readShippedModel().corpusDigest)),
      );
      const committed = brotliDecompressSync(
        readFileSync(join(ROOT, 'functions/core/intake/classify', MODEL_FILE)),
      );
      expect(rebuilt.equals(committed), 'run npm run train:classifier and commit the model').toBe(true);
    },
    REBUILD_TIMEOUT_MS,
  );
});

describe('training in another order', () => {
  // Every fortieth text: enough to learn from, quick to train five folds and the whole on.
  const sample = corpus.filter((_, i) => i % 40 === 0);

  it('gives another model, which does not carry the order', async () => {
    const [first, other] = await Promise.all([
      buildModel(sample, 'sample'),
      buildModel(sample, 'sample', { ...SHIPPED_OPTIONS, trainingOrder: 1 }),
    ]);
    expect(other.weights).not.toBe(first.weights);
    expect(other.namingReader?.weights).not.toEqual(first.namingReader?.weights);
    // The naming reader scores the types alone.
    expect(first.namingReader?.bias).toHaveLength(MODEL_TYPES.length);
    // The order is how the model was trained, not how it reads mail.
    expect(other.options).toEqual(first.options);
    expect(other.options).not.toHaveProperty('trainingOrder');
  });
});

describe('mails the pattern rules used to miss', () => {
  it.each([
    ['Kan ni ta bort mina uppgifter från er webbshop?', ['erasure']],
    ['Hej, jag vill se vad ni har sparat om mig i ert kundregister.', ['access']],
    ['skicka mig all data ni lagrat om mig', ['access']],
    ['inga fler utskick från er, tack', ['objection']],
    ['Hej, jag vill fa ut mina uppgifter fran er', ['access']],
    ['hej! kan jag fa en kopia pa mina uppgifter fran er?', ['access']],
    ['Hej, ta bort mina uppgifter fran era system', ['erasure']],
  ])('classifies "%s" as a request for %j', (text, types) => {
    expect(classifyText({ text })).toMatchObject({ category: 'request', types, language: 'sv' });
  });

  it('classifies a Swedish report of a flaw that shows other visitors their data as security', () => {
    const got = classifyText({
      text: 'Hej! När jag loggar in hos er ser jag andra besökares adresser och telefonnummer i listan.',
    });
    expect(got).toMatchObject({ category: 'security', language: 'sv' });
  });
});

describe('plain one-line requests', () => {
  it.each([
    ['Send me a copy of the data you have about me.', 'en', ['access']],
    ['Please fix my surname, it is misspelt.', 'en', ['rectification']],
    ['Jag vill ha ett registerutdrag.', 'sv', ['access']],
    ['Radera mina personuppgifter.', 'sv', ['erasure']],
    ['Jag vill inte få fler utskick från er.', 'sv', ['objection']],
    ['Slett alle opplysningene dere har om meg.', 'nb', ['erasure']],
    ['Jeg ønsker innsyn i opplysningene dere har om meg.', 'nb', ['access']],
    ['Jeg vil ikke ha flere nyhetsbrev fra dere.', 'nb', ['objection']],
  ])(
    'classifies "%s" (%s) as a request for %j, sure enough to act on without staff',
    (text, language, types) => {
      const got = classifyText({ text });
      expect(got).toMatchObject({ category: 'request', types, language });
      expect(needsTriage(got), `confidence ${got.confidence}`).toBe(false);
    },
  );

  it('reads an erasure request worded like an access request right, but leaves it to staff', () => {
    // "All the personal data you hold about me" opens most access requests, and one-sentence mails
    // that ask for a copy and then erasure ("Send what you have, then delete me") are common in the
    // corpus: the decision stage gives access 10 to 20 %, which holds the verdict below the threshold.
    const got = classifyText({ text: 'Please erase all personal data you hold about me.' });
    expect(got).toMatchObject({ category: 'request', types: ['erasure'], language: 'en' });
    expect(got.confidence).toBeGreaterThan(0.85);
  });
});

describe("a request that carries the writer's contact details", () => {
  // A phone number or an address says who writes, not what they want: it is not a change of address.
  it.each([
    [
      'Registerutdrag',
      'Hej, jag heter Astrid Lindqvist (tel +46 70 174 06 12) och vill ha en kopia av mina personuppgifter.',
      'sv',
      ['access'],
    ],
    [
      '',
      'Hi, please delete all my personal data.\n\nBest regards,\nJames Miller\n14 Park Road, Bristol BS1 5LL\nMobile: 07700 900461',
      'en',
      ['erasure'],
    ],
    [
      'Innsyn',
      'Hei, jeg vil ha innsyn i hvilke personopplysninger dere har om meg.\n\nMvh Kari Nordmann\nTlf: 912 34 567',
      'nb',
      ['access'],
    ],
  ])('reads "%s: %s" (%s) as a request for %j, sure enough to act on', (subject, text, language, types) => {
    const got = classifyText({ subject, text });
    expect(got).toMatchObject({ category: 'request', types, language });
    expect(needsTriage(got), `confidence ${got.confidence}`).toBe(false);
  });
});

describe('language', () => {
  it('gives a text too short to tell the mailbox language', () => {
    expect(classifyText({ subject: 'GDPR', text: '' }).language).toBe('sv');
    expect(classifyText({ subject: 'GDPR', text: '' }, { defaultLanguage: 'nb' }).language).toBe('nb');
  });

  it('prefers the sender country to the mailbox language for a text too short to tell', () => {
    expect(classifyText({ subject: 'GDPR', text: '', senderEmail: 'kari@example.no' }).language).toBe('nb');
  });

  it.each([
    ['Adressen min er endret, den nye er Storgata 5.', 'nb'],
    ['Postnummeret mitt er feil i systemet deres.', 'nb'],
    ['Telefonnumret är fel, det rätta är 070-123 45 67.', 'sv'],
    ['Postnumret stämmer inte i ert system.', 'sv'],
  ])(
    'tells Norwegian from Swedish by its letters where the key words are shared: "%s" is %s',
    (text, language) => {
      expect(classifyText({ text }).language).toBe(language);
    },
  );

  it('reads the language from the letters of a text without key words, once it is long enough to tell', () => {
    expect(classifyText({ text: 'Vedlagt finner dere skjemaet.' }).language).toBe('nb');
    expect(classifyText({ text: 'Bifogat finns blanketten.' }).language).toBe('sv');
    expect(classifyText({ text: 'Anbei das ausgefüllte Formular.' }).language).toBe('de');
    expect(classifyText({ text: 'hllo' }, { defaultLanguage: 'nb' }).language).toBe('nb');
  });

  it('recognises Danish as Danish', () => {
    expect(classifyText({ text: 'Jeg vil gerne have indsigt i de oplysninger I har om mig.' }).language).toBe(
      'da',
    );
  });
});

describe('the letter model of language detection', () => {
  it('scores a text by exactly the letter n-grams training counted, found by number instead of by string', () => {
    const { letters } = readShippedModel();
    const byGram = new Map(letters.grams.split('|').map((gram, i) => [gram, i * LANGS.length]));
    const model = loadModel(readShippedModel()).letters;
    const texts = [
      ...corpus.slice(0, 400).map((e) => `${e.subject}\n${e.text}`),
      'Naïve café: ĳssel, ÆØÅ æøå ÄÖÜ äöüß — 12 ord/words, tabs\tand\nlines; ﬁ ligature, 𝔞 math letter.',
      '',
      'a',
    ];
    for (const text of texts) {
      const expected = LANGS.map(() => 0);
      for (const gram of letterGrams(text)) {
        const at = byGram.get(gram);
        if (at === undefined) continue;
        LANGS.forEach((_, l) => {
          expected[l] = (expected[l] ?? 0) + (model.weights[at + l] ?? 0) * letters.scale;
        });
      }
      const got = letterScores(text, model);
      LANGS.forEach((_, l) => {
        expect(got[l], text).toBeCloseTo(expected[l] ?? 0, 9);
      });
    }
  });
});

describe('a plain request with a greeting and a sign-off', () => {
  it.each([
    ['Hej!\n\nKan ni radera mitt konto hos er?\n\nMvh Karin', 'sv', ['erasure']],
    ['Hi,\n\nPlease send me a copy of my personal data.\n\nBest regards,\nTom', 'en', ['access']],
  ])('is as sure as without them: %j', (text, language, types) => {
    const got = classifyText({ text });
    expect(got).toMatchObject({ category: 'request', types, language });
    expect(needsTriage(got), `confidence ${got.confidence}`).toBe(false);
  });
});
