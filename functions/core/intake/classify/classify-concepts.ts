/**
 * Words that carry a right, mapped to one concept across the five languages ("radera", "slett",
 * "delete", "löschen" are all "erase"), and matched one slip of the finger away too ("raedra",
 * "sllett", "dleete"). The model reads the concepts as features: what it learns from a Swedish
 * "radera" helps it read a Danish "slet", and a misspelt key word still counts, a little less than
 * a spelt one. Matching runs on stems (see stem), on folded text.
 */
import { stem } from './classify-stem';

const LEXICON: Record<string, readonly string[]> = {
  erase: [
    'radera',
    'radering',
    'makulera',
    'delete',
    'deletion',
    'erase',
    'erasure',
    'remove',
    'removal',
    'slette',
    'sletning',
    'sletting',
    'fjerne',
    'loschen',
    'loschung',
    'bortglomd',
    'forget',
    'forgotten',
    'glemt',
    'vergessen',
    'wipe',
  ],
  copy: [
    'kopia',
    'kopi',
    'kopie',
    'copy',
    'copies',
    'registerutdrag',
    'utdrag',
    'innsyn',
    'indsigt',
    'insyn',
    'auskunft',
    'tillgang',
    'tilgang',
    'adgang',
    'access',
    'sammanstallning',
    'sammenstilling',
  ],
  personal: [
    'personuppgifter',
    'uppgifter',
    'personopplysninger',
    'opplysninger',
    'personoplysninger',
    'oplysninger',
    'information',
    'informasjon',
    'details',
    'daten',
    'personal',
    'data',
  ],
  correct: [
    'ratta',
    'rattelse',
    'korrigera',
    'uppdatera',
    'andra',
    'felstavat',
    'felaktig',
    'rette',
    'rettelse',
    'korrigere',
    'oppdatere',
    'opdatere',
    'endre',
    'aendre',
    'feilstavet',
    'fejlstavet',
    'correct',
    'rectify',
    'rectification',
    'update',
    'misspelled',
    'misspelt',
    'wrong',
    'incorrect',
    'berichtigen',
    'korrigieren',
    'aktualisieren',
    'falsch',
    'berigtige',
  ],
  restrict: [
    'begransa',
    'begransning',
    'begrense',
    'begrensning',
    'begraense',
    'begraensning',
    'restrict',
    'restriction',
    'einschranken',
    'einschrankung',
    'pausa',
    'pause',
    'freeze',
    'sperren',
    'suspend',
    'limit',
  ],
  mailings: [
    'nyhetsbrev',
    'nyhedsbrev',
    'newsletter',
    'utskick',
    'reklam',
    'reklame',
    'marketing',
    'advertising',
    'mailing',
    'mailings',
    'werbung',
    'spam',
    'erbjudanden',
    'tilbud',
    'sms',
    'direktreklam',
    'direktemarkedsforing',
    'markedsforing',
    'marknadsforing',
    'emails',
    'mejl',
  ],
  unsubscribe: [
    'avregistrera',
    'avprenumerera',
    'avsluta',
    'unsubscribe',
    'avmelde',
    'afmelde',
    'framelde',
    'abmelden',
    'abbestellen',
    'object',
    'objection',
    'motsatter',
    'indsigelse',
    'widerspruch',
    'widersprechen',
    'protestere',
    'reservere',
    'optout',
  ],
  consent: ['samtycke', 'samtykke', 'consent', 'einwilligung'],
  revoke: [
    'aterkalla',
    'tilbakekalle',
    'tilbagekalde',
    'withdraw',
    'revoke',
    'retract',
    'widerrufen',
    'tillbaka',
    'tilbake',
    'tilbage',
  ],
  port: [
    'portabilitet',
    'portability',
    'dataportabilitet',
    'export',
    'exportera',
    'eksportere',
    'maskinlasbar',
    'maskinlesbar',
    'maskinlaesbar',
    'machine',
    'readable',
    'overfora',
    'overfore',
    'overfort',
    'transfer',
    'ubertragbarkeit',
    'json',
    'csv',
    'leverantor',
    'leverandor',
    'udbyder',
    'provider',
    'anbieter',
  ],
  breach: [
    'lacka',
    'lackt',
    'lackage',
    'leak',
    'leaked',
    'breach',
    'incident',
    'personuppgiftsincident',
    'sakerhetshal',
    'sarbarhet',
    'sarbarhed',
    'vulnerability',
    'hacked',
    'hackad',
    'compromised',
    'lekket',
    'lekkasje',
    'laekket',
    'sikkerhetshull',
    'sikkerhedshul',
    'datenleck',
    'datenpanne',
    'sicherheitslucke',
    'obehorig',
    'uautorisert',
    'uautoriseret',
    'unauthorized',
    'unauthorised',
    'exposed',
    'synlig',
    'synliga',
    'visible',
    'fremmede',
  ],
  question: [
    'undrar',
    'lurer',
    'undrer',
    'wondering',
    'wonder',
    'fragen',
    'varfor',
    'hvorfor',
    'warum',
    'why',
    'hur',
    'hvordan',
    'how',
    'wie',
    'rutiner',
    'policy',
  ],
};

/** A stem matches a key stem fuzzily only from this length, a word a key word from one more: shorter ones have too many neighbours. */
const MIN_FUZZY = 5;

const exact = new Map<string, string>();
/** Common words one letter from a key word ("slutt" from "slett", "gjerne" from "fjerne"): never a slip. */
const NOT_SLIPS = new Set([
  'slutt',
  'slutta',
  'sett',
  'sette',
  'settes',
  'gjern',
  'gjerne',
  'andrat',
  'mottat',
  'mottatt',
  'reach',
  'lett',
  'gemt',
  'slutte',
  'slektning',
  'under',
  'free',
  'package',
  'damen',
  'varor',
  'leverans',
]);

/** Key stems long enough to match fuzzily. */
const fuzzy = new Map<string, string>();
/** Each such key stem with one letter left out, to the key stems it came from. */
const dropped = new Map<string, string[]>();
for (const [concept, words] of Object.entries(LEXICON)) {
  for (const word of words) {
    exact.set(stem(word), concept);
    // Slips are matched on the word as written and on its stem ("dleete", "slettt").
    for (const key of new Set([word, stem(word)])) {
      if (key.length < (key === word ? MIN_FUZZY + 1 : MIN_FUZZY)) continue;
      fuzzy.set(key, concept);
      for (const d of deletions(key)) dropped.set(d, [...(dropped.get(d) ?? []), key]);
    }
  }
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** One insertion, deletion, substitution or swap of neighbours turns a into b (a !== b). */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * The concept a folded word names: by its stem, or "near" when the word or its stem is one slip
 * of the finger from a key word's (a letter inserted, dropped, changed, or two swapped).
 */
export function conceptOf(word: string): Concept | undefined {
  const known = seen.get(word);
  if (known !== undefined) return known === NONE ? undefined : known;
  const found = lookUp(word);
  if (seen.size >= MAX_SEEN) seen.clear();
  seen.set(word, found ?? NONE);
  return found;
}

interface Concept {
  concept: string;
  near: boolean;
}

/** Words already looked up: mails repeat most of their words, and a slip search costs a dozen lookups. */
const seen = new Map<string, Concept | typeof NONE>();
const NONE = Symbol('none');
const MAX_SEEN = 50_000;

function lookUp(word: string): Concept | undefined {
  const stemmed = stem(word);
  const hit = exact.get(stemmed);
  if (hit) return { concept: hit, near: false };
  if (NOT_SLIPS.has(stemmed) || NOT_SLIPS.has(word)) return undefined;
  return nearTo(word) ?? (stemmed === word ? undefined : nearTo(stemmed));
}

function nearTo(stemmed: string): Concept | undefined {
  if (stemmed.length < MIN_FUZZY - 1) return undefined;
  const candidates = [...(dropped.get(stemmed) ?? [])];
  if (stemmed.length >= MIN_FUZZY) {
    for (const d of deletions(stemmed)) {
      if (fuzzy.has(d)) candidates.push(d);
      candidates.push(...(dropped.get(d) ?? []));
    }
  }
  for (const key of candidates) {
    if (oneEditApart(stemmed, key)) return { concept: fuzzy.get(key) as string, near: true };
  }
  return undefined;
}
