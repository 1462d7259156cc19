/**
 * Language detection for sv, nb, da, en and de: weighted key words and letter cues, and the letter
 * sequences training learned from the corpus (see LetterModel). Swedish, Norwegian (bokmål) and
 * Danish share most function words, so the lists lean on the words that tell them apart (sv
 * "och/jag/inte/att", nb "meg/hva/dere/å/takk", da "mig/hvad/jeres/af/tak"); the letters tell the
 * rest ("nummeret" is Norwegian or Danish, "numret" Swedish; "-ene" is Norwegian).
 */
import type { ReplyLanguage } from '../../request/request';
import { rememberedPerWord } from './classify-normalise';

export type DetectedLanguage = 'sv' | 'nb' | 'da' | 'en' | 'de' | 'und';

export type Lang = Exclude<DetectedLanguage, 'und'>;
export const LANGS: readonly Lang[] = ['sv', 'nb', 'da', 'en', 'de'];

/** Words that point strongly (weight 2) or weakly (weight 1) to a language; shared words go in several. */
const WORDS: Record<Lang, { strong: string; weak: string }> = {
  sv: {
    strong:
      'och jag inte att är ar vill mina mitt mej ni ert era från fran till också ocksa tack vänliga vanliga hälsningar halsningar hälsning uppgifter personuppgifter radera raderas raderar vilka vilken denna detta någon nagon något nagot ska skall måste maste gärna garna begär begar begäran begaran önskar onskar registerutdrag utdrag kopia samtycke återkalla aterkalla tjänst tjanst varför varfor ansökan ansokan sparar lagrar angående angaende gällande gallande samt ej också avregistrera hälsar sådan sadan frånvarande ledig semester tillbaka',
    weak: 'hej mig dig sig har kan om på pa med av för hur vad när nar eller som efter nu det en ett min er mvh',
  },
  nb: {
    strong:
      'og jeg ikke meg deg seg å hva dere vennlig vennligst takk hei opplysninger personopplysninger slett slette sletting slettet innsyn etter noe noen blir bli nå gjerne tilbake slik lenge mitt ditt søknad soknad hvordan hvorfor hvilke ønsker onsker også ogsa samtykke fra til mine meld trekke kontoret ferie tilbakekalle epost',
    weak: 'er det har kan vil skal om på pa med av hilsen min mvh eller som når nar hos bare en et ut',
  },
  da: {
    strong:
      'og jeg ikke mig dig sig hvad jeres jer venlig venligst tak oplysninger personoplysninger slet sletning slettet indsigt af efter noget nogen bliver blive nu gerne tilbage længe laenge mit dit ansøgning ansogning spørgsmål sporgsmal nyhedsbrev hvornår hvornar hvordan hvorfor hvilke ønsker onsker også ogsa samtykke fra til mine anmoder anmodning afmeld tilbagekalde opbevarer gemmer bruger brugt bruge fejl forkert forkerte indtil ind ud fundet modtage modtager modtagere meddelelse meddelelsen længere laengere sårbarhed sarbarhed fuldstændig fuldstaendig afklaret udbyder vedhæftet vedhaeftet giver',
    weak: 'er det har kan vil skal om på pa med hej hilsen min mvh eller som når nar hos bare en et at',
  },
  en: {
    strong:
      'the and my me you your please is are this that with have would like data delete all from about dear regards thanks thank hello request information personal copy what how long keep not any could our will do does should been has was office until back unsubscribe erasure deletion privacy consent subject',
    weak: 'i to of for it in on be we can hi an at see attached attachment find sent',
  },
  de: {
    strong:
      'ich und nicht die das dem meine meiner meinen mein bitte ist mich mir mit sie ihre ihr ihnen zu von auf für fur daten personenbezogenen sehr geehrte geehrten damen herren löschen loschen loeschen auskunft eine einen ein gemäß gemass dass wie lange freundlichen grüßen grussen gruß gruss vielen dank hallo möchte mochte werden wurde haben habe bei auch noch über uber uns sind können konnen bis als oder wenn weil bin zurück zuruck',
    weak: 'der den es in an so was will im hat',
  },
};

const WEIGHTS: Map<string, Partial<Record<Lang, number>>> = buildWeights();

function buildWeights(): Map<string, Partial<Record<Lang, number>>> {
  const map = new Map<string, Partial<Record<Lang, number>>>();
  for (const lang of LANGS) {
    const lists = WORDS[lang];
    for (const [list, weight] of [
      [lists.strong, 2],
      [lists.weak, 1],
    ] as const) {
      for (const word of list.split(/\s+/)) {
        const entry = map.get(word) ?? {};
        entry[lang] = Math.max(entry[lang] ?? 0, weight);
        map.set(word, entry);
      }
    }
  }
  return map;
}

/** Letters that only some of the languages use: points per sighting, up to MAX_LETTER_CUES sightings. */
const LETTER_CUES: ReadonlyArray<[string, Partial<Record<Lang, number>>]> = [
  ['äö', { sv: 0.6, de: 0.4 }],
  ['øæ', { nb: 0.6, da: 0.6 }],
  ['üß', { de: 1 }],
  ['å', { sv: 0.3, nb: 0.3, da: 0.3 }],
];
const MAX_LETTER_CUES = 6;
/** By character code, 1 + the index of the cue in LETTER_CUES the letter belongs to. */
const CUE_OF = new Uint8Array(0x100);
LETTER_CUES.forEach(([letters], i) => {
  for (const letter of letters) CUE_OF[letter.charCodeAt(0)] = i + 1;
});

/**
 * What training learned of each language's letters: for each character n-gram (see letterGrams), a
 * log-probability per language (naive Bayes, a level from -31 to 31 times `scale`, less the mean
 * over the languages). N-grams are looked up by number (see letterModel), not by string: no
 * substring per n-gram.
 */
export interface LetterModel {
  /** By character code, the number of each letter the n-grams hold (and of the space that pads a word), from 1. */
  alphabet: Int16Array;
  /** One more than the largest letter number: the base n-grams are numbered in. */
  base: number;
  /** Offset of each n-gram's LANGS.length weights in `weights`, by the n-gram's number. */
  grams: Map<number, number>;
  weights: Int8Array;
  scale: number;
}

/** The letter model from the n-grams training kept, in the order of their weights. */
export function letterModel(grams: readonly string[], weights: Int8Array, scale: number): LetterModel {
  let largestCode = SPACE;
  for (const gram of grams)
    for (let i = 0; i < gram.length; i++) largestCode = Math.max(largestCode, gram.charCodeAt(i));
  const alphabet = new Int16Array(largestCode + 1);
  let letters = 0;
  for (const gram of grams) {
    for (let i = 0; i < gram.length; i++) {
      const code = gram.charCodeAt(i);
      if (alphabet[code] === 0) alphabet[code] = ++letters;
    }
  }
  const base = letters + 1;
  const byNumber = new Map<number, number>();
  grams.forEach((gram, i) => {
    // The last letter counts lowest, as letterScores builds the number from the newest letter back.
    let key = 0;
    let factor = 1;
    for (let k = gram.length - 1; k >= 0; k--) {
      key += (alphabet[gram.charCodeAt(k)] ?? 0) * factor;
      factor *= base;
    }
    byNumber.set(key, i * LANGS.length);
  });
  return { alphabet, base, grams: byNumber, weights, scale };
}

/** The longest letter sequence the letter model reads. */
export const LETTER_GRAM_MAX = 4;

/**
 * The letter sequences of a text: 1- to 4-grams of each word padded with a space each side,
 * lower-cased with diacritics kept ("å", "ø", "ä" are much of what tells the languages apart).
 */
export function letterGrams(text: string): string[] {
  const grams: string[] = [];
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    const padded = ` ${word} `;
    for (let n = 1; n <= LETTER_GRAM_MAX; n++) {
      for (let i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n));
    }
  }
  return grams;
}

const MIN_SCORE = 2;
/**
 * Without key words, the letters tell a language from this many letters on ("hllo" does not, "se
 * vedlagt fil" does: measured by cross-validation against 20 and 30); below it the text is too short.
 */
const MIN_LETTERS = 12;
const MAX_REPEATS_PER_WORD = 3;
/**
 * A key word's weight against the letters' log-probabilities: the lists are sure where they
 * speak (measured by cross-validation: 10 beat 1 and 3 on Danish and Norwegian, equal elsewhere).
 */
const KEY_WORD_WEIGHT = 10;
/** The letters read no further: the language is plain long before. */
const MAX_LETTER_TEXT = 2000;

/**
 * The language of a text, or "und" when it is too short to tell (the caller then goes by the
 * sender's country or the mailbox's language).
 */
export function detectLanguage(text: string, letters?: LetterModel): DetectedLanguage {
  const lower = text.toLowerCase();
  const words = lower.match(LETTERS) ?? [];
  const scores = keyWordScores(lower, words);
  const keyWordsSilent = Math.max(...LANGS.map((l) => scores[l])) < MIN_SCORE;
  if (keyWordsSilent && (!letters || (text.match(/\p{L}/gu)?.length ?? 0) < MIN_LETTERS)) return 'und';
  const total = LANGS.map((l) => KEY_WORD_WEIGHT * scores[l]);
  if (letters) {
    // A longer text is cut before it is lower-cased, as lower-casing may change a text's length.
    const letterWords =
      text.length <= MAX_LETTER_TEXT
        ? words
        : (text.slice(0, MAX_LETTER_TEXT).toLowerCase().match(LETTERS) ?? []);
    wordsLetterScores(letterWords, letters).forEach((v, l) => {
      total[l] = (total[l] ?? 0) + v;
    });
  }
  let best = 0;
  for (let l = 1; l < LANGS.length; l++) if ((total[l] ?? 0) > (total[best] ?? 0)) best = l;
  return LANGS[best] ?? 'en';
}

/**
 * The sum of the weights of the text's letter n-grams per language, in LANGS order: the very
 * n-grams letterGrams lists. Worked out per word and remembered (see rememberedPerWord): mails
 * repeat their words, and a word's n-grams do not depend on its neighbours. The sums are of whole
 * weight levels, so they are exact in any order.
 */
export function letterScores(text: string, letters: LetterModel): Float64Array {
  return wordsLetterScores(text.toLowerCase().match(LETTERS) ?? [], letters);
}

/** letterScores of a text's lower-cased words. */
function wordsLetterScores(words: readonly string[], letters: LetterModel): Float64Array {
  let ofWord = wordScoresOf.get(letters);
  if (!ofWord) {
    ofWord = rememberedPerWord((word) => wordLetterScores(word, letters));
    wordScoresOf.set(letters, ofWord);
  }
  const total = new Float64Array(LANGS.length);
  for (const word of words) {
    const scores = ofWord(word);
    for (let l = 0; l < LANGS.length; l++) total[l] = (total[l] ?? 0) + (scores[l] ?? 0);
  }
  for (let l = 0; l < LANGS.length; l++) total[l] = (total[l] ?? 0) * letters.scale;
  return total;
}

const LETTERS = /\p{L}+/gu;
const wordScoresOf = new WeakMap<LetterModel, (word: string) => Float64Array>();

/**
 * The weight levels of one lower-case word's n-grams, the word padded with a space each side, each
 * n-gram found by its number from the letters ending it (a letter the model never saw ends every
 * n-gram through it).
 */
function wordLetterScores(word: string, letters: LetterModel): Float64Array {
  const { alphabet, base, grams, weights } = letters;
  const total = new Float64Array(LANGS.length);
  // The numbers of the last four letters of the padded word, newest first (0: before the word).
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;
  let w4 = 0;
  const add = (key: number) => {
    const at = grams.get(key);
    if (at === undefined) return;
    for (let l = 0; l < LANGS.length; l++) total[l] = (total[l] ?? 0) + (weights[at + l] ?? 0);
  };
  const visit = (letter: number) => {
    w4 = w3;
    w3 = w2;
    w2 = w1;
    w1 = letter;
    if (w1 <= 0) return;
    add(w1);
    if (w2 <= 0) return;
    add(w1 + w2 * base);
    if (w3 <= 0) return;
    add(w1 + (w2 + w3 * base) * base);
    if (w4 <= 0) return;
    add(w1 + (w2 + (w3 + w4 * base) * base) * base);
  };
  const space = alphabet[SPACE] ?? -1;
  visit(space);
  // By code point: a letter beyond the first 65,536 is one letter no n-gram of the model holds.
  for (const letter of word) visit((alphabet[letter.codePointAt(0) ?? 0] ?? 0) || -1);
  visit(space);
  return total;
}

const SPACE = 32;

/** Key-word and letter-cue points per language of a lower-cased text and its words. */
function keyWordScores(lower: string, words: readonly string[]): Record<Lang, number> {
  const scores: Record<Lang, number> = { sv: 0, nb: 0, da: 0, en: 0, de: 0 };
  const seen = new Map<string, number>();
  for (const word of words) {
    const n = (seen.get(word) ?? 0) + 1;
    seen.set(word, n);
    if (n > MAX_REPEATS_PER_WORD) continue;
    const entry = WEIGHTS.get(word);
    if (!entry) continue;
    for (const lang of LANGS) scores[lang] += entry[lang] ?? 0;
  }
  const sightings = new Array<number>(LETTER_CUES.length).fill(0);
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    const cue = code < 0x100 ? (CUE_OF[code] as number) : 0;
    if (cue > 0) sightings[cue - 1] = (sightings[cue - 1] as number) + 1;
  }
  LETTER_CUES.forEach(([, cue], i) => {
    const hits = Math.min(sightings[i] as number, MAX_LETTER_CUES);
    for (const lang of LANGS) scores[lang] += hits * (cue[lang] ?? 0);
  });
  return scores;
}

/** The language a sender's country domain suggests, for texts too short to tell. */
const TLD_LANGUAGE: Record<string, Lang> = { se: 'sv', no: 'nb', dk: 'da' };

export function languageOfDomain(senderEmail?: string): Lang | undefined {
  const tld = senderEmail?.toLowerCase().split('.').pop() ?? '';
  return TLD_LANGUAGE[tld];
}

/**
 * The language we answer in: we write sv, nb and en. Danish gets English, not bokmål: our
 * Norwegian texts point to Norway's authority where a Danish subject's own is Denmark's (Art. 77),
 * and a reply should be in a language the subject chose. German and anything else gets English.
 */
export function replyLanguageFor(language: DetectedLanguage, senderEmail?: string): ReplyLanguage {
  if (language === 'sv') return 'sv';
  if (language === 'nb') return 'nb';
  if (language === 'und') return replyLanguageFor(languageOfDomain(senderEmail) ?? 'en');
  return 'en';
}
