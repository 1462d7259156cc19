/** A light stemmer for the five languages of the classifier, on folded text. */

/**
 * Endings stripped from a word, longest first, when at least three letters remain: Swedish,
 * Norwegian and Danish noun and verb endings, English -ing/-ed/-s, German -ung/-en. One list for
 * all five languages: a word's language is not known for sure, and the endings rarely collide.
 */
const SUFFIXES = [
  'ningarna',
  'ningen',
  'ningar',
  'elsen',
  'ungen',
  'heten',
  'arnas',
  'ernas',
  'arna',
  'erna',
  'orna',
  'ande',
  'ende',
  'ning',
  'inger',
  'ingen',
  'else',
  'aste',
  'ade',
  'are',
  'ast',
  'ene',
  'ert',
  'het',
  'ing',
  'ung',
  'ies',
  'ern',
  'ten',
  'en',
  'et',
  'ar',
  'er',
  'or',
  'na',
  'es',
  'ed',
  'ly',
  'em',
  'te',
  'st',
  'a',
  'e',
  's',
];
const MIN_STEM = 3;

export function stem(word: string): string {
  for (const suffix of SUFFIXES) {
    if (word.length - suffix.length >= MIN_STEM && word.endsWith(suffix)) {
      return word.slice(0, word.length - suffix.length);
    }
  }
  return word;
}
