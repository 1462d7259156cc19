import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMail } from '../../functions/adapters/parse-mail';
import { featuresOf } from '../../functions/core/intake/classify/classify-features';
import {
  asManyAsAsked,
  assessText,
  classifyMail,
  classifyText,
  redecide,
  STAGE_THRESHOLDS,
} from '../../functions/core/intake/classify/classify-mail';
import {
  loadModel,
  MODEL_CATEGORIES,
  MODEL_TYPES,
  OUTPUTS,
} from '../../functions/core/intake/classify/classify-model';
import { readShippedModel } from '../../functions/core/intake/classify/classify-model-data';
import { encodeLevels, featureList } from '../../functions/core/intake/classify/classify-weight-code';
import type { InboundMail, MailCategory } from '../../functions/core/intake/inbound-mail';
import type { RequestType } from '../../functions/core/request/request';

/**
 * The shipped model without its decision stage and the second reader whose scores only the stage
 * reads: the made-up models below test the hand-written decisions, whose verdict the decision stage
 * weighs (trained on the real model's readings, it would read a made-up model's probabilities as
 * nonsense).
 */
const { decision: _decision, reader: _reader, ...HAND_DECIDED } = readShippedModel();

const FIXTURES = join(import.meta.dirname, '../fixtures/mail');

interface Expected {
  category: string;
  types: string[];
  language: string;
  onBehalf?: boolean;
  subjectEmail?: string;
}

const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<
  string,
  Expected
>;
const files = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.eml'))
  .sort();

function mail(partial: Partial<InboundMail>): InboundMail {
  return {
    references: [],
    to: ['gdpr@example.com'],
    cc: [],
    subject: '',
    text: '',
    headers: {},
    attachments: [],
    from: { address: 'sender@example.com' },
    ...partial,
  };
}

describe('the fixture corpus', () => {
  it('has at least 45 mails, each with expected labels', () => {
    expect(files.length).toBeGreaterThanOrEqual(45);
    for (const file of files) expect(expected[file], file).toBeDefined();
  });

  it.each(files)('classifies %s as labelled', async (file) => {
    const want = expected[file];
    if (!want) throw new Error(`no expected labels for ${file}`);
    const parsed = await parseMail(readFileSync(join(FIXTURES, file)));
    const got = classifyMail(parsed);
    expect({ category: got.category, types: got.types, language: got.language }).toEqual({
      category: want.category,
      types: want.types,
      language: want.language,
    });
    expect(got.onBehalf).toBe(want.onBehalf ?? false);
    expect(got.subjectEmail).toBe(want.subjectEmail ?? parsed.from?.address.toLowerCase());
    expect(got.confidence).toBeGreaterThanOrEqual(0);
    expect(got.confidence).toBeLessThanOrEqual(1);
  });
});

describe('classifyMail', () => {
  it('classifies a reply by its new text, not by the quoted request below', () => {
    const got = classifyMail(
      mail({
        subject: 'Re: Registerutdrag',
        text: 'Tack! Nu vill jag att ni raderar mina uppgifter.\n\nDen 2 mars 2025 kl. 10:00 skrev Privacy Desk <gdpr@example.com>:\n> Här är ditt registerutdrag.\n>> Jag vill ha en kopia av mina uppgifter.',
      }),
    );
    expect(got.types).toEqual(['erasure']);
  });

  it("reads a reply's subject only when the new text has not a word: the subject is the old thread's", () => {
    const thanks = classifyMail(
      mail({
        subject: 'Re: Bekräftelse på radering',
        text: 'Toppen, tack!\n\n> Vi bekräftar att dina personuppgifter nu är raderade.',
      }),
    );
    expect(thanks.types).toEqual([]);
    expect(thanks.category).not.toBe('request');
    const bare = classifyMail(mail({ subject: 'SV: Radera mina personuppgifter', text: '' }));
    expect(bare).toMatchObject({ category: 'request', types: ['erasure'] });
  });

  it('ignores a quoted Outlook header block and everything below it', () => {
    const got = classifyMail(
      mail({
        text: 'Please correct my surname, it is Berg.\n\nFrom: Newsletter <news@example.com>\nSent: Monday, March 3, 2025\nTo: me\nSubject: News\n\nClick to delete your profile or unsubscribe.',
      }),
    );
    expect(got.types).toEqual(['rectification']);
  });

  it('ignores text below the signature delimiter', () => {
    const got = classifyMail(
      mail({
        text: 'Hi,\nplease send me a copy of my personal data.\n-- \nSam\nIf you received this in error, delete it.',
      }),
    );
    expect(got.types).toEqual(['access']);
  });

  it('classifies a mail with an empty body from its subject', () => {
    const got = classifyMail(mail({ subject: 'Slett alle opplysninger om meg', text: '' }));
    expect(got).toMatchObject({
      category: 'request',
      types: ['erasure'],
      language: 'nb',
      replyLanguage: 'nb',
    });
  });

  it('lists access before erasure when a mail asks for a copy and then deletion', () => {
    const got = classifyMail(mail({ text: 'Delete my data, but first send me a copy of my personal data.' }));
    expect(got.types).toEqual(['access', 'erasure']);
  });

  it('treats an auto-reply that quotes a request as automated', () => {
    const got = classifyMail(
      mail({
        subject: 'Re: Delete my data',
        headers: { 'auto-submitted': 'auto-replied' },
        text: 'Thank you for your mail. Please delete my data.',
      }),
    );
    expect(got).toMatchObject({ category: 'automated', types: [] });
  });

  it('does not treat Auto-Submitted: no as automated', () => {
    const got = classifyMail(mail({ headers: { 'auto-submitted': 'no' }, text: 'Please delete my data.' }));
    expect(got.category).toBe('request');
  });

  it('treats bulk mail as marketing even when it mentions erasure', () => {
    const got = classifyMail(
      mail({
        headers: { precedence: 'bulk' },
        text: 'Five ways to handle erasure requests. Delete old data!',
      }),
    );
    expect(got.category).toBe('marketing');
  });

  it('reads a vendor selling leak monitoring as marketing, though its words are a breach report', () => {
    const pitch = classifyMail(
      mail({
        text: "We found 14 of your employees' passwords in a recent leak dump. Our monitoring service starts at €99/month. Book a call.",
      }),
    );
    expect(pitch.category).toBe('marketing');
    const breach = classifyMail(
      mail({
        text: "I logged in to your portal and could see another customer's invoices and their personal number.",
      }),
    );
    expect(breach.category).toBe('security');
  });

  it('keeps the sender as data subject when a request on behalf of someone names no address', () => {
    const got = classifyMail(
      mail({
        from: { address: 'Lawyer@Example.com' },
        text: 'On behalf of my client I request access to her personal data.',
      }),
    );
    expect(got).toMatchObject({ onBehalf: true, subjectEmail: 'lawyer@example.com', types: ['access'] });
  });

  it('is more confident about a clear request than about an unclear mail', () => {
    const clear = classifyMail(
      mail({ text: 'Hej, jag vill att ni raderar alla mina personuppgifter. Tack!' }),
    );
    const unclear = classifyMail(mail({ text: 'Hej, ring mig.' }));
    expect(clear.confidence).toBeGreaterThan(0.8);
    expect(unclear.confidence).toBeLessThan(0.5);
  });

  it("answers Danish and German in English, so a Danish subject is not pointed to Norway's authority (Art. 77)", () => {
    expect(
      classifyMail(mail({ text: 'Jeg vil gerne have slettet mine oplysninger hos jer.' })).replyLanguage,
    ).toBe('en');
    expect(classifyMail(mail({ text: 'Bitte löschen Sie meine Daten.' })).replyLanguage).toBe('en');
    expect(classifyMail(mail({ text: 'Radera mina uppgifter, tack.' })).replyLanguage).toBe('sv');
  });

  it('calls a mail without recognisable words und and answers in English', () => {
    const got = classifyMail(mail({ subject: '', text: '12345 ##' }));
    expect(got).toMatchObject({ category: 'unclear', language: 'und', replyLanguage: 'en' });
  });

  it('does not take a retention question for an erasure request', () => {
    const got = classifyMail(mail({ text: 'How long do you keep my CV before you delete it?' }));
    expect(got).toMatchObject({ category: 'question', types: [] });
  });
});

describe('a request whose right the model cannot name', () => {
  // A model that reads no words: the category's probability is set by its bias alone, and every
  // type is unlikely, so the verdict shows what the classifier makes of exactly that.
  const modelSure = (requestProbability: number) => {
    const others = MODEL_CATEGORIES.length - 1;
    const requestBias = Math.log((requestProbability * others) / (1 - requestProbability));
    return loadModel({
      ...HAND_DECIDED,
      features: featureList([]),
      weights: encodeLevels([]),
      bias: [
        ...MODEL_CATEGORIES.map((c) => (c === 'request' ? requestBias : 0)),
        ...MODEL_TYPES.map(() => -6),
      ],
    });
  };
  const text = 'Hello, please sort this out for me.';

  it('is a request with no types and a confidence too low to act on, when the model is sure it is a request', () => {
    const model = modelSure(0.8);
    const got = classifyText({ text }, { model });
    expect(got).toMatchObject({ category: 'request', types: [] });
    expect(got.confidence).toBeLessThanOrEqual(0.45);
    expect(got.confidence).toBeLessThan(model.triageBelow);
  });

  it('is unclear when the model only leans towards a request', () => {
    expect(classifyText({ text }, { model: modelSure(0.4) })).toMatchObject({
      category: 'unclear',
      types: [],
    });
  });
});

describe('a breach told in one sentence of a mail that asks for a right', () => {
  // A model that knows "zorbify" as erasure and "blorbed" as a breach, and leans towards every
  // mail being a request: over the whole mail the ask outweighs the one sentence about the breach.
  const feature = (word: string) => featuresOf(word, [], { charGrams: false }).indices[0] ?? 0;
  const rowFor = (output: number) => Array.from({ length: OUTPUTS }, (_, o) => (o === output ? 31 : 0));
  const erasure = [
    feature('zorbify'),
    rowFor(MODEL_CATEGORIES.length + MODEL_TYPES.indexOf('erasure')),
  ] as const;
  const breach = [feature('blorbed'), rowFor(MODEL_CATEGORIES.indexOf('security'))] as const;
  const known = [erasure, breach].sort((a, b) => a[0] - b[0]);
  const model = loadModel({
    ...HAND_DECIDED,
    features: featureList(known.map(([f]) => f)),
    weights: encodeLevels(known.flatMap(([, row]) => row)),
    scale: 1,
    bias: [...MODEL_CATEGORIES.map((c) => (c === 'request' ? 6 : 0)), ...MODEL_TYPES.map(() => -6)],
  });
  const mail = (story: string) =>
    [
      'Hello,',
      'I went to your breakfast seminar on cloud migration in Bergen last spring and found it very useful.',
      'Since then I have changed employers and no longer work with infrastructure or operations at all.',
      story,
      'Please zorbify my account.',
      'Thanks in advance!',
    ].join('\n');

  it('is a breach report that keeps the right asked for', () => {
    expect(classifyText({ text: mail('Yesterday your portal blorbed.') }, { model })).toMatchObject({
      category: 'security',
      types: ['erasure'],
    });
  });

  it('is a request when no sentence reports a breach', () => {
    expect(classifyText({ text: mail('Yesterday your portal was slow.') }, { model })).toMatchObject({
      category: 'request',
      types: ['erasure'],
    });
  });
});

/** The feature of the rules having found a type. */
const ruleFeature = (type: RequestType) =>
  featuresOf('', [`type:${type}`], { charGrams: false }).indices[0] ?? 0;

/**
 * A model whose only weights say each feature given is the type it maps to; every type is unlikely
 * otherwise, and each category as likely as its bias says (every mail a request unless told).
 */
function madeUpModel(
  typeOfFeature: ReadonlyMap<number, RequestType>,
  categoryBias: Partial<Record<MailCategory, number>> = { request: 6 },
) {
  const rows = [...typeOfFeature].sort(([a], [b]) => a - b);
  const levels = rows.flatMap(([, type]) =>
    Array.from({ length: OUTPUTS }, (_, o) =>
      o === MODEL_CATEGORIES.length + MODEL_TYPES.indexOf(type) ? 31 : 0,
    ),
  );
  return loadModel({
    ...HAND_DECIDED,
    features: featureList(rows.map(([feature]) => feature)),
    weights: encodeLevels(levels),
    scale: 1,
    bias: [...MODEL_CATEGORIES.map((c) => categoryBias[c] ?? 0), ...MODEL_TYPES.map(() => -6)],
  });
}

describe('a right named in one sentence of a long mail', () => {
  // A model that knows one made-up word, "zorbify", as erasure, trusts the rules when they find
  // access, and is sure every mail is a request. Over a long mail the word's weight is spread over
  // every other word; in its own sentence it is not.
  const model = madeUpModel(
    new Map([
      [featuresOf('zorbify', [], { charGrams: false }).indices[0] ?? 0, 'erasure'],
      [ruleFeature('access'), 'access'],
    ]),
  );
  const ask = 'Please zorbify my account.';
  const longMail = [
    'Hello,',
    'I went to your breakfast seminar on cloud migration in Bergen last spring and found it very useful.',
    'Since then I have changed employers and no longer work with infrastructure or operations at all.',
    ask,
    'Thanks in advance!',
  ].join('\n');

  it('is found as it is in a mail of that sentence alone', () => {
    expect(classifyText({ text: ask }, { model }).types).toEqual(['erasure']);
    expect(classifyText({ text: longMail }, { model })).toMatchObject({
      category: 'request',
      types: ['erasure'],
    });
  });

  it('is found in the second clause of a sentence whose first the rules read', () => {
    const both = longMail.replace(
      ask,
      'Please send me a copy of my data, and after that zorbify my account.',
    );
    expect(classifyText({ text: both }, { model })).toMatchObject({
      category: 'request',
      types: ['access', 'erasure'],
    });
  });

  it('is not found in a long mail that never names it', () => {
    const without = longMail.replace(ask, 'Please look at my account.');
    expect(classifyText({ text: without }, { model }).types).toEqual([]);
  });
});

describe('a type the rules find', () => {
  const ask = 'Please send me a copy of my data, then delete my account.';

  it('stands when the model, reading it with the words around it, does not doubt it', () => {
    const trusting = madeUpModel(
      new Map([
        [ruleFeature('access'), 'access'],
        [ruleFeature('erasure'), 'erasure'],
      ]),
    );
    expect(classifyText({ text: ask }, { model: trusting }).types).toEqual(['access', 'erasure']);
  });

  it('stands beside another when the model doubts it over a long mail, not in the sentence where the rules found it', () => {
    // A model that trusts the rules' erasure and knows the word "copy" as access: over a long mail
    // the word's weight is spread over every other word, as a second right named in passing is.
    const model = madeUpModel(
      new Map([
        [ruleFeature('erasure'), 'erasure'],
        [featuresOf('copy', [], { charGrams: false }).indices[0] ?? 0, 'access'],
      ]),
    );
    const longMail = [
      'Hello,',
      'I went to your breakfast seminar on cloud migration in Bergen last spring and found it very useful.',
      'Since then I have changed employers and no longer work with infrastructure or operations at all.',
      'Please delete my account.',
      'Please send me a copy of my data.',
      'Thanks in advance!',
    ].join('\n');
    expect(classifyText({ text: longMail }, { model })).toMatchObject({
      category: 'request',
      types: ['access', 'erasure'],
    });
  });

  it('is dropped when the model is sure it is not asked for', () => {
    const doubting = madeUpModel(new Map([[ruleFeature('erasure'), 'erasure']]));
    expect(classifyText({ text: ask }, { model: doubting })).toMatchObject({
      category: 'request',
      types: ['erasure'],
    });
  });

  it('makes no request of a mail the model reads as something else once it is dropped', () => {
    // The model leans to a question, not sure enough to overrule a type the rules found.
    const question = 'Please send me a copy of my data.';
    const doubting = madeUpModel(new Map(), { question: 0.5 });
    expect(classifyText({ text: question }, { model: doubting }).category).toBe('question');
    const trusting = madeUpModel(new Map([[ruleFeature('access'), 'access']]), { question: 0.5 });
    expect(classifyText({ text: question }, { model: trusting })).toMatchObject({
      category: 'request',
      types: ['access'],
    });
  });
});

describe('a breach the model sees in a mail it reads as a request', () => {
  const ask = 'Please delete my account.';
  const trustsErasure = new Map<number, RequestType>([[ruleFeature('erasure'), 'erasure']]);

  it('makes a breach report that keeps its rights, from a probability of 0.3', () => {
    // Request 0.41, breach 0.37, the other four categories 0.05 each.
    const model = madeUpModel(trustsErasure, { request: 2, security: 1.9 });
    expect(classifyText({ text: ask }, { model })).toMatchObject({
      category: 'security',
      types: ['erasure'],
    });
  });

  it('leaves a request a request when the breach is unlikely', () => {
    const model = madeUpModel(trustsErasure, { request: 2 });
    expect(classifyText({ text: ask }, { model })).toMatchObject({ category: 'request', types: ['erasure'] });
  });
});

describe('classifyText (web form)', () => {
  it('classifies free text with the same rules as mail', () => {
    const got = classifyText({
      text: 'Jeg trekker tilbake samtykket mitt og ber dere slette CV-en min.',
      senderEmail: 'ola@example.no',
    });
    expect(got).toMatchObject({
      category: 'request',
      types: ['withdraw_consent', 'erasure'],
      language: 'nb',
      subjectEmail: 'ola@example.no',
      onBehalf: false,
    });
  });

  it('uses the subject when the text is empty', () => {
    expect(classifyText({ subject: 'Request a copy of my data', text: '' }).types).toEqual(['access']);
  });
});

describe('parseMail on input that is not a mail', () => {
  const junk: Array<[string, Buffer | string]> = [
    ['an empty string', ''],
    ['binary bytes', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02, 0x9c, 0x80])],
    ['plain prose without headers', 'delete my data please'],
    [
      'an unknown charset',
      'From: a@example.com\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nhej p\xe5 dig',
    ],
    [
      'a broken multipart',
      'From: a@example.com\r\nContent-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!\r\n',
    ],
    ['headers only', 'Subject: =?bogus?Q?x?=\r\nFrom: <<<>>>'],
  ];

  it.each(junk)('does not throw on %s, and the result classifies', async (_label, raw) => {
    const parsed = await parseMail(raw);
    expect(Array.isArray(parsed.attachments)).toBe(true);
    expect(typeof parsed.text).toBe('string');
    expect(() => classifyMail(parsed)).not.toThrow();
  });
});

describe('extracting the new text', () => {
  it('keeps a sentence that merely mentions writing before a colon', () => {
    const got = classifyText({
      text: 'Jag skrev till er förra veckan och bad om följande:\nRadera mina uppgifter.',
    });
    expect(got.types).toEqual(['erasure']);
  });

  it('cuts at a short "Anna wrote:" attribution', () => {
    const got = classifyText({ text: 'Please unsubscribe me.\n\nAnna wrote:\nPlease delete my account.' });
    expect(got.types).toEqual(['objection']);
  });
});

describe('the types cut to as many rights as the decision stage is sure the mail asks for', () => {
  // The decision stage's probability of each type (TYPE_ORDER: access, portability, rectification,
  // restriction, objection, withdraw_consent, erasure) and of none, one, two and three or more rights.
  const typeOdds = Float64Array.from([0.75, 0, 0, 0, 0.05, 0, 0.97]);
  const given: RequestType[] = ['access', 'erasure'];
  const asked = (counts: number[]) =>
    asManyAsAsked(given, { types: typeOdds, typeCounts: Float64Array.from(counts) });

  it('keeps the likeliest where it is sure the mail asks for one right', () => {
    expect(asked([0.02, 0.9, 0.07, 0.01])).toEqual(['erasure']);
    expect(asked([0.02, 0.62, 0.35, 0.01])).toEqual(['erasure']);
    expect(asked([0.02, 0.52, 0.45, 0.01])).toEqual(['erasure']);
    expect(
      asManyAsAsked(['access', 'objection', 'erasure'], {
        types: typeOdds,
        typeCounts: Float64Array.from([0, 0.1, 0.85, 0.05]),
      }),
    ).toEqual(['access', 'erasure']);
  });

  it('gives none where it is sure enough the mail asks for no right', () => {
    expect(asked([0.65, 0.3, 0.05, 0])).toEqual([]);
    expect(asked([0.52, 0.3, 0.18, 0])).toEqual([]);
    expect(asked([0.45, 0.4, 0.15, 0])).toEqual(given);
  });

  it('leaves the types alone where it is unsure of the number, or sure of as many or more', () => {
    expect(asked([0.02, 0.48, 0.42, 0.08])).toEqual(given);
    expect(asked([0, 0.05, 0.9, 0.05])).toEqual(given);
    expect(asked([0, 0.02, 0.08, 0.9])).toEqual(given);
  });

  it('cuts from the thresholds it is given', () => {
    const stricter = { sureTypeCount: 0.7, sureNoType: 0.6 };
    const counts = (c: number[]) => ({ types: typeOdds, typeCounts: Float64Array.from(c) });
    expect(asManyAsAsked(given, counts([0.02, 0.62, 0.35, 0.01]), stricter)).toEqual(given);
    expect(asManyAsAsked(given, counts([0.02, 0.75, 0.22, 0.01]), stricter)).toEqual(['erasure']);
    expect(asManyAsAsked(given, counts([0.55, 0.3, 0.15, 0]), stricter)).toEqual(given);
  });
});

describe('a verdict drawn again from the decision stage with other thresholds', () => {
  const model = loadModel(readShippedModel());
  const { decision } = model;
  const assessed = assessText({ text: 'Radera allt ni har om mig, tack.' }, { model });

  it('is the shipped verdict with the shipped thresholds', () => {
    if (!decision) throw new Error('the shipped model has a decision stage');
    const again = redecide(assessed, decision).classification;
    expect(again.category).toBe(assessed.classification.category);
    expect(again.types).toEqual(['erasure']);
    expect(assessed.classification.types).toEqual(['erasure']);
  });

  it('gives no right where no type reaches the thresholds', () => {
    if (!decision) throw new Error('the shipped model has a decision stage');
    const never = { ...STAGE_THRESHOLDS, decidedType: 1.01, fallbackType: 1.01, namedFallbackType: 1.01 };
    const again = redecide(assessed, decision, never).classification;
    expect(again.category).toBe('request');
    expect(again.types).toEqual([]);
  });

  it('gives the one right the rules named from its own floor where no other type reaches the thresholds', () => {
    if (!decision) throw new Error('the shipped model has a decision stage');
    const named = { ...STAGE_THRESHOLDS, decidedType: 1.01, fallbackType: 1.01, namedFallbackType: 0 };
    expect(redecide(assessed, decision, named).classification.types).toEqual(['erasure']);
    // The named right's own floor, not the floor of a right the rules did not name, decides.
    const namedNever = { ...STAGE_THRESHOLDS, decidedType: 1.01, fallbackType: 0, namedFallbackType: 1.01 };
    expect(redecide(assessed, decision, namedNever).classification.types).toEqual([]);
  });

  it('gives the rights listed in one sentence from the list’s own floor, and rights named apart from the several-named one', () => {
    if (!decision) throw new Error('the shipped model has a decision stage');
    const listed = assessText(
      {
        text: 'Please update my phone number to 070 123 45 67, restrict the use of my profile until then, and afterwards erase my account.',
      },
      { model },
    );
    const apart = assessText(
      { text: 'Please update my phone number to 070 123 45 67. After that, erase my account.' },
      { model },
    );
    const noOther = { ...STAGE_THRESHOLDS, decidedType: 1.01, fallbackType: 1.01, namedFallbackType: 1.01 };
    const onlyListed = { ...noOther, severalNamedType: 1.01, listedType: 0 };
    const onlySeveral = { ...noOther, severalNamedType: 0, listedType: 1.01 };
    expect(redecide(listed, decision, onlyListed).classification.types).toEqual([
      'rectification',
      'restriction',
      'erasure',
    ]);
    expect(redecide(listed, decision, onlySeveral).classification.types).toEqual([]);
    expect(redecide(apart, decision, onlyListed).classification.types).toEqual([]);
    expect(redecide(apart, decision, onlySeveral).classification.types).toEqual(['rectification', 'erasure']);
  });

  it('reads a breach report where the breach threshold is lowered to nothing', () => {
    if (!decision) throw new Error('the shipped model has a decision stage');
    const again = redecide(assessed, decision, { ...STAGE_THRESHOLDS, likelyBreach: 0 }).classification;
    expect(again.category).toBe('security');
  });
});
