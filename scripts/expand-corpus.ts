/**
 * Expands the hand-written classifier corpus (test/fixtures/corpus/<lang>.txt) into
 * test/fixtures/corpus/corpus.jsonl: each written line becomes one group of texts, the line as
 * written plus the ways people also send it (no diacritics, typos, a greeting and sign-off around
 * it, the request in the subject only). Variants of one line share its group, so the
 * cross-validation never tests a text against a near copy of itself.
 * Deterministic: the same sources give the same file byte for byte.
 * Run: npx tsx scripts/expand-corpus.ts (with --check: only say whether corpus.jsonl is up to date)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CorpusEntry, seededRandom } from '../functions/core/intake/classify/classify-train';
import { TYPE_ORDER } from '../functions/core/intake/classify/classify-types';
import { MAIL_CATEGORIES } from '../functions/core/intake/inbound-mail';

const DIR = join(import.meta.dirname, '../test/fixtures/corpus');
const LANGUAGES = ['sv', 'nb', 'da', 'en', 'de'] as const;
type Language = (typeof LANGUAGES)[number];

const GREETINGS: Record<Language, readonly string[]> = {
  sv: ['Hej,', 'Hej!', 'Hejsan', 'Hej hej', 'God dag,'],
  nb: ['Hei,', 'Hei!', 'Heisann', 'Hallo,', 'God dag,'],
  da: ['Hej,', 'Hej!', 'Goddag,', 'Hallo,', 'Kære kundeservice,'],
  en: ['Hi,', 'Hello,', 'Dear Sir or Madam,', 'Hey', 'Good morning,'],
  de: ['Hallo,', 'Guten Tag,', 'Sehr geehrte Damen und Herren,', 'Hi,', 'Moin,'],
};
const SIGN_OFFS: Record<Language, readonly string[]> = {
  sv: [
    'Mvh Anna Svensson',
    'Tack på förhand!\nErik',
    'Vänliga hälsningar\nMaria Nilsson',
    '/Kalle',
    'Hälsningar, Ida',
  ],
  nb: [
    'Mvh Kari Nordmann',
    'Takk på forhånd!\nOla',
    'Vennlig hilsen\nIngrid Hansen',
    '- Per',
    'Hilsen Silje',
  ],
  da: [
    'Mvh Mette Jensen',
    'På forhånd tak!\nLars',
    'Venlig hilsen\nSofie Nielsen',
    '/Anders',
    'Hilsen Freja',
  ],
  en: [
    'Best regards,\nJohn Smith',
    'Thanks in advance!\nEmma',
    'Kind regards\nOliver Brown',
    'Cheers, Sam',
    'Thanks\nLucy',
  ],
  de: [
    'Mit freundlichen Grüßen\nAnna Schmidt',
    'Vielen Dank!\nJonas',
    'Viele Grüße\nLena Weber',
    'Gruß, Tim',
    'LG Paul',
  ],
};
const SENT_FROM: readonly string[] = [
  'Skickat från min iPhone',
  'Sendt fra min iPhone',
  'Sent from my iPhone',
];

/**
 * How people put their phone number or address under their name, a digit template each (# a random
 * digit, {street} a street of STREETS): contact details say who writes, not what they want, whatever
 * right the mail asks for.
 */
const CONTACTS: Record<Language, readonly string[]> = {
  sv: [
    'Tel: 07#-### ## ##',
    'Mobil 07# ### ## ##',
    '+46 7# ### ## ##',
    '{street} ##, 4## ## Göteborg',
    '{street} #, 1## ## Stockholm',
    'tel. 08-### ### ##',
  ],
  nb: [
    'Tlf: ### ## ###',
    'Mobil: +47 ### ## ###',
    'tlf 9## ## ###',
    '{street} ##, 0### Oslo',
    '{street} #, 50## Bergen',
    '+47 4#######',
  ],
  da: [
    'Tlf. ## ## ## ##',
    'Mobil: +45 ## ## ## ##',
    '{street} ##, 1### København K',
    '{street} #, 8000 Aarhus C',
    'tlf ########',
  ],
  en: [
    'Tel: +44 20 #### ####',
    'Mobile: 07### ######',
    'Phone (###) ###-####',
    '## {street}, Leeds LS1 #AP',
    '# {street}, Bristol BS# #QE',
    'tel 07#########',
  ],
  de: [
    'Tel.: +49 30 #######',
    'Mobil 01## #######',
    '{street} ##, 10### Berlin',
    '{street} #, 80### München',
    'Tel 0#### ######',
  ],
};

/** The words of a space-separated list. */
const words = (list: string) => list.split(' ');

/**
 * Streets of the contact lines, a name and a kind of street each ("Björk" + "vägen", "Elm" +
 * "Road"): so many that no street comes to mean a signature. The written corpus moves people to
 * streets ("Ny adress: Storgatan 5"), and with eight streets per language each stood under 150 to
 * 190 groups' sign-offs, so "12 High Street" read as a sign-off more than as a new address. Now a
 * street stands under a few groups' sign-offs, fewer than the model learns a feature from.
 */
const STREETS: Record<Language, { names: readonly string[]; kinds: readonly string[]; spaced: boolean }> = {
  sv: {
    names: words(
      'Stor Kungs Drottning Linné Björk Ring Skol Ek Lind Gran Tall Asp Rönn Hassel Lönn Sjö Berg Dal Skogs Ängs Park Kvarn Smedje Torg Kyrko Stations Hamn Strand Sol Vall Bruks Tegel Mölle Prästgårds Norr Söder Väster Öster Trädgårds Klöver',
    ),
    kinds: words('gatan vägen stigen gränd backen allén plan'),
    spaced: false,
  },
  nb: {
    names: words(
      'Stor Kirke Bogstad Mark Skole Sandviks Bjørke Eike Furu Gran Lia Sjø Fjord Dal Berg Solli Hauge Mølle Torg Stasjons Park Elve Åsen Nordre Søndre Vestre Østre Strand Bekke Linde Hage Brygge Smie Prest Lønne Kløver Rogne Hassel Tune Skogs',
    ),
    kinds: words('veien gata stien bakken lia svingen plassen'),
    spaced: false,
  },
  da: {
    names: words(
      'Nørre Vester Strand Al Skole Birke Kongens Sønder Øster Bøge Ege Lærke Kirke Mølle Park Skov Sø Bakke Enghave Torve Have Hassel Rosen Ahorn Lind Kastanie Smedie Præste Bryggers Fjord Havne Eng Mose Åbo Valmue Kløver Bøgeskov Gran Hyben Tjørne',
    ),
    kinds: words('gade vej allé stræde parken vænget plads'),
    spaced: false,
  },
  en: {
    names: words(
      'High Church Station Victoria Park Mill King Green Elm Oak Queen Albert Manor Grove Chapel Bridge School North South West Cedar Willow Harbour Castle Orchard Market New York Windsor Richmond Beech Ash Hill Meadow Brook Abbey Silver Rose Hawthorn Lime',
    ),
    kinds: words('Street Road Lane Avenue Close Drive Way'),
    spaced: true,
  },
  de: {
    names: words(
      'Haupt Bahnhof Linden Schiller Garten Kirch Schul Berg Goethe Mozart Buchen Eichen Wald Wiesen Feld Mühlen Rosen Ahorn Birken Post Markt Sonnen Tannen Friedhof Brunnen Burg Kastanien Lerchen Quellen Schloss Tal Heide Hafen Bach Ulmen Amsel Blumen Dorf Fichten Kapellen',
    ),
    kinds: words('straße weg gasse allee ring platz steig'),
    spaced: false,
  },
};

const FOLDS: Record<string, string> = { æ: 'ae', ø: 'o', ß: 'ss' };

/** What a keyboard without Nordic or German letters produces. */
function plainLetters(text: string): string {
  return text
    .replace(/[æøßÆØ]/g, (c) => (FOLDS[c.toLowerCase()] ?? c).toString())
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** A small deterministic random source (mulberry32), seeded per group. */
function randomFor(seed: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return seededRandom(h);
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function contactLine(language: Language, random: () => number): string {
  return pick(CONTACTS[language], random)
    .replace('{street}', () => {
      const { names, kinds, spaced } = STREETS[language];
      return `${pick(names, random)}${spaced ? ' ' : ''}${pick(kinds, random)}`;
    })
    .replace(/#/g, () => String(Math.floor(random() * 10)));
}

/** One slip of the finger in a longer word: two letters swapped, one dropped or one doubled. */
function typo(text: string, random: () => number): string {
  const words = [...text.matchAll(/\p{L}{5,}/gu)];
  if (words.length === 0) return text;
  const word = pick(words, random);
  const w = word[0];
  const i = 1 + Math.floor(random() * (w.length - 2));
  const kind = Math.floor(random() * 3);
  const slipped =
    kind === 0
      ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)
      : kind === 1
        ? w.slice(0, i) + w.slice(i + 1)
        : w.slice(0, i) + w[i] + w.slice(i);
  const at = word.index ?? 0;
  return text.slice(0, at) + slipped + text.slice(at + w.length);
}

/** One line of a corpus source file with the labels of the `@` line above it. */
export interface WrittenLine {
  category: CorpusEntry['category'];
  types: string[];
  subject: string;
  text: string;
}

interface Written extends WrittenLine {
  language: Language;
}

/**
 * Parses a corpus source file (`@ category types` label lines, then `subject || body` or body lines;
 * `#` comments). `file` names the file in errors.
 */
export function parseCorpusSource(source: string, file: string): WrittenLine[] {
  const out: WrittenLine[] = [];
  let category: CorpusEntry['category'] | undefined;
  let types: string[] = [];
  for (const raw of source.split('\n')) {
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('@ ')) {
      const [, cat, list] = line.split(' ');
      category = cat as CorpusEntry['category'];
      types = list ? list.split(',') : [];
      // A label the classifier cannot give (types out of their order included) could never be scored right.
      const ordered = TYPE_ORDER.filter((t) => types.includes(t));
      if (
        !MAIL_CATEGORIES.includes(category) ||
        ordered.length !== types.length ||
        ordered.some((t, i) => t !== types[i])
      ) {
        throw new Error(
          `${file}: a label line needs a known category and known types in the order ${TYPE_ORDER}: ${line}`,
        );
      }
      continue;
    }
    if (!category) throw new Error(`${file}: text before the first label line: ${line}`);
    const split = line.indexOf(' ||');
    const subject = split >= 0 ? line.slice(0, split).trim() : '';
    const text = (split >= 0 ? line.slice(split + 3) : line).trim().replaceAll('\\n', '\n');
    out.push({ category, types, subject, text });
  }
  return out;
}

function readSources(): Written[] {
  return LANGUAGES.flatMap((language) =>
    parseCorpusSource(readFileSync(join(DIR, `${language}.txt`), 'utf8'), `${language}.txt`).map((line) => ({
      language,
      ...line,
    })),
  );
}

function variantsOf(w: Written, group: string): Array<{ subject: string; text: string }> {
  const random = randomFor(group);
  const original = { subject: w.subject, text: w.text };
  const variants = [original];
  const whole = `${w.subject}\n${w.text}`;
  // Without diacritics when the line has any, else lower-case with a typo.
  if (plainLetters(whole) !== whole) {
    variants.push({ subject: plainLetters(w.subject), text: plainLetters(w.text) });
  } else {
    variants.push({ subject: w.subject.toLowerCase(), text: typo(w.text, random).toLowerCase() });
  }
  if (w.category === 'automated' || w.category === 'marketing') return variants;
  const words = whole.match(/\p{L}+/gu)?.length ?? 0;
  if (w.subject === '' && words <= 8 && !w.text.includes('\n')) {
    // The whole request in the subject line, nothing in the body.
    variants.push({ subject: w.text.replace(/[.!]+$/, ''), text: '' });
  } else if (w.text !== '') {
    const greeting = pick(GREETINGS[w.language], random);
    const signOff = pick(SIGN_OFFS[w.language], random);
    const footer = random() < 0.3 ? `\n\n${pick(SENT_FROM, random)}` : '';
    const body = typo(w.text, random);
    // Drawn last, so the rest of every variant is as it was before contact details were added.
    const contact = random() < 0.3 ? `\n${contactLine(w.language, random)}` : '';
    variants.push({
      subject: w.subject,
      text: `${greeting}\n\n${body}\n\n${signOff}${contact}${footer}`,
    });
  }
  return variants;
}

/** Writes corpus.jsonl, or with `check` only says whether it is up to date. */
function expandCorpus(check: boolean): void {
  const entries: CorpusEntry[] = [];
  const counters = new Map<string, number>();
  for (const w of readSources()) {
    const key = `${w.language}-${w.category}`;
    const n = (counters.get(key) ?? 0) + 1;
    counters.set(key, n);
    const group = `${key}-${String(n).padStart(3, '0')}`;
    variantsOf(w, group).forEach((v, i) => {
      entries.push({
        id: `${group}-${i}`,
        group,
        language: w.language,
        category: w.category,
        types: w.types as CorpusEntry['types'],
        subject: v.subject,
        text: v.text,
      });
    });
  }
  const expanded = `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`;
  const target = join(DIR, 'corpus.jsonl');
  const groups = [...counters.values()].reduce((a, b) => a + b, 0);
  if (check) {
    if (readFileSync(target, 'utf8') !== expanded) {
      console.error(
        'corpus.jsonl is not the expansion of the <lang>.txt sources: run npx tsx scripts/expand-corpus.ts',
      );
      process.exit(1);
    }
    console.log(`corpus.jsonl is up to date: ${entries.length} texts in ${groups} groups`);
  } else {
    writeFileSync(target, expanded);
    console.log(`${entries.length} texts in ${groups} groups written to corpus.jsonl`);
  }
}

// Run as a script, not when a bench or test imports the parser.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  expandCorpus(process.argv.includes('--check'));
}
