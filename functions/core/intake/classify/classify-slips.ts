/**
 * Slips of the finger in key words: "raedra", "sllett", "errase", "emial" for "radera", "slett",
 * "erase", "email". A slip here is what fast typing does to a word: two neighbouring letters
 * swapped, one letter dropped, or one letter doubled; never the first letter. A letter changed for
 * another is not counted: between real words that is too often another word ("remote" and
 * "remove", "forgot" and "forget", "lager" and "later").
 */

/**
 * Words that are one slip from a key word but are words of their own: "sette" and "slette", "delte"
 * (shared) and "delete", "setting" and "sletting", "forstått" and "fortsatt", the name Oskar and
 * "önskar". Only words written so in mail as often as slips of the key are here: "hvile" for
 * "hvilke" and "leger" for "lenger" are mostly slips.
 */
const NOT_SLIPS = new Set([
  'sett',
  'sette',
  'settes',
  'setter',
  'slutt',
  'slutta',
  'slutte',
  'gjerne',
  'slektning',
  'andre',
  'lagre',
  'liten',
  'latter',
  'weren',
  'storre',
  'lengre',
  'titel',
  'maling',
  'miner',
  'loner',
  'gemt',
  'andrat',
  'mottat',
  'mottatt',
  'reach',
  'package',
  'leverans',
  'varor',
  'under',
  'free',
  'damen',
  'delte',
  'setting',
  'oskar',
  'forstatt',
  'laget',
  'lager',
  'slutet',
  'salgs',
  'styrka',
  'viken',
  'frost',
  'foran',
  'kommt',
]);

export interface SlipIndex {
  keys: ReadonlySet<string>;
  /** Each key with one letter left out, to the keys it came from. */
  dropped: ReadonlyMap<string, readonly string[]>;
}

export function slipIndex(keys: Iterable<string>): SlipIndex {
  const set = new Set(keys);
  const dropped = new Map<string, string[]>();
  for (const key of set) for (const d of deletions(key)) dropped.set(d, [...(dropped.get(d) ?? []), key]);
  return { keys: set, dropped };
}

/**
 * The key word `word` is a slip of, if any. A key the word merely extends or shortens is not one:
 * "deleted" is no slip of "delete", nor "adresse" of "adressen".
 */
export function slipOf(index: SlipIndex, word: string): string | undefined {
  if (index.keys.has(word) || NOT_SLIPS.has(word)) return undefined;
  const candidates = [...(index.dropped.get(word) ?? [])];
  for (const d of deletions(word)) {
    if (index.keys.has(d)) candidates.push(d);
    candidates.push(...(index.dropped.get(d) ?? []));
  }
  return candidates.find((key) => !word.startsWith(key) && !key.startsWith(word) && oneSlipApart(word, key));
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** word is key with two neighbours swapped, a letter dropped, or a letter doubled (first letter kept). */
function oneSlipApart(word: string, key: string): boolean {
  if (word[0] !== key[0]) return false;
  let i = 0;
  while (i < word.length && i < key.length && word[i] === key[i]) i++;
  if (word.length === key.length) {
    return word[i] === key[i + 1] && word[i + 1] === key[i] && word.slice(i + 2) === key.slice(i + 2);
  }
  if (word.length === key.length - 1) return word.slice(i) === key.slice(i + 1);
  if (word.length === key.length + 1) {
    return word.slice(i + 1) === key.slice(i) && (word[i] === word[i - 1] || word[i] === word[i + 1]);
  }
  return false;
}
