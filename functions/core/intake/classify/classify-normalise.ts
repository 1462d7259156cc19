/** Text normalisation shared by the classifier's rules: one folded form, so patterns need no diacritics. */

const FOLDS: Record<string, string> = { æ: 'ae', ø: 'o', ß: 'ss', œ: 'oe', đ: 'd', ł: 'l' };

/**
 * Lower-cases and removes diacritics (å→a, ä→a, ö→o, ø→o, æ→ae, ß→ss), so that "Löschen", "loschen"
 * and "radera"/"RADERA" meet the same pattern. Writers without a Nordic keyboard produce the same form.
 */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  // Most mail is Latin letters and punctuation, each folded alone: a table lookup per letter,
  // where the full fold makes five passes over the text.
  let out = '';
  let copiedTo = 0;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (code < 0x60 || (code > 0x60 && code < 0x80)) continue;
    const folded = FOLDED_ALONE.get(code);
    if (folded === undefined) return foldFully(lower);
    if (folded === null) continue;
    out += lower.slice(copiedTo, i) + folded;
    copiedTo = i + 1;
  }
  return copiedTo === 0 ? lower : out + lower.slice(copiedTo);
}

/** The fold in full, pass by pass, of lower-cased text: what foldText returns whatever path it takes. */
export function foldFully(lower: string): string {
  return lower
    .replace(/[æøßœđł]/g, (c) => FOLDS[c] ?? c)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2018\u2019\u00b4`]/g, "'")
    .replace(/[\u00a0\u2000-\u200b]/g, ' ');
}

/**
 * The fold of each lower-case Latin letter and general punctuation mark on its own: null where it
 * is itself. Each of them decomposes, if at all, into a letter and marks the fold removes, so a
 * text of them folds letter by letter exactly as foldFully folds it whole.
 */
const FOLDED_ALONE = new Map<number, string | null>();
for (const [from, to] of [
  [0x60, 0x24f],
  [0x2000, 0x206f],
]) {
  for (let code = from as number; code <= (to as number); code++) {
    const letter = String.fromCharCode(code);
    if (letter.toLowerCase() !== letter) continue;
    const folded = foldFully(letter);
    FOLDED_ALONE.set(code, folded === letter ? null : folded);
  }
}

/** Longest sentence the rules look at: keeps their lookaheads linear on run-on or hostile input. */
const MAX_SENTENCE = 400;

/** Splits text into sentences (and lines), keeping the question mark so questions stay recognisable. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/(?<=[.!?])\s+|\n+/)) {
    const sentence = part.trim();
    if (sentence.length === 0) continue;
    if (sentence.length <= MAX_SENTENCE) out.push(sentence);
    else
      for (let i = 0; i < sentence.length; i += MAX_SENTENCE) out.push(sentence.slice(i, i + MAX_SENTENCE));
  }
  return out;
}

/** Words of a text, letters only (Unicode aware), lower-cased. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}]+/gu) ?? [];
}

/** How many words a text has, as runs of letters (not lower-cased first, unlike wordsOf). */
export function wordCount(text: string): number {
  return text.match(/\p{L}+/gu)?.length ?? 0;
}

/** True when any pattern matches. */
export function matchesAny(text: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((p) => p.test(text));
}

/** How many of the patterns match (each counted once). */
export function countMatches(text: string, patterns: readonly RegExp[]): number {
  let n = 0;
  for (const p of patterns) if (p.test(text)) n++;
  return n;
}

/**
 * `look` remembered per word: mails repeat most of their words, and a lookup such as a slip search
 * costs a dozen map probes. At most `max` words are kept (then it starts afresh), so no input can
 * grow it without bound.
 */
export function rememberedPerWord<T>(look: (word: string) => T, max = 50_000): (word: string) => T {
  const seen = new Map<string, T>();
  return (word) => {
    const known = seen.get(word);
    if (known !== undefined || seen.has(word)) return known as T;
    const found = look(word);
    if (seen.size >= max) seen.clear();
    seen.set(word, found);
    return found;
  };
}
