/**
 * Accuracy of the mail classifier over the fixture corpus: per field (category, types exact match,
 * language), per expected category and language, and overall (all three fields right).
 * Run: npx tsx bench/classify-accuracy.ts [--verbose]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMail } from '../functions/adapters/parse-mail';
import { classifyMail } from '../functions/core/classify-mail';

const DIR = join(import.meta.dirname, '../test/fixtures/mail');

interface Expected {
  category: string;
  types: string[];
  language: string;
  onBehalf?: boolean;
  subjectEmail?: string;
}

interface Tally {
  n: number;
  category: number;
  types: number;
  language: number;
  all: number;
}

const empty = (): Tally => ({ n: 0, category: 0, types: 0, language: 0, all: 0 });

async function main(): Promise<void> {
  const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;
  const files = readdirSync(DIR).filter((f) => f.endsWith('.eml'));
  const overall = empty();
  const byCategory = new Map<string, Tally>();
  const byLanguage = new Map<string, Tally>();
  const misses: string[] = [];
  for (const file of files.sort()) {
    const want = expected[file];
    if (!want) continue;
    const got = classifyMail(await parseMail(readFileSync(join(DIR, file))));
    const ok = {
      category: got.category === want.category,
      types: got.types.join(',') === want.types.join(','),
      language: got.language === want.language,
    };
    const all = ok.category && ok.types && ok.language;
    for (const tally of [overall, tallyFor(byCategory, want.category), tallyFor(byLanguage, want.language)]) {
      tally.n++;
      if (ok.category) tally.category++;
      if (ok.types) tally.types++;
      if (ok.language) tally.language++;
      if (all) tally.all++;
    }
    if (!all) {
      misses.push(
        `${file}: want ${want.category} [${want.types}] ${want.language}, got ${got.category} [${got.types}] ${got.language}`,
      );
    }
  }
  const rows: Array<[string, Tally]> = [
    ...[...byCategory].map(([k, v]): [string, Tally] => [`category=${k}`, v]),
    ...[...byLanguage].map(([k, v]): [string, Tally] => [`language=${k}`, v]),
    ['overall', overall],
  ];
  console.log(
    `${'rows'.padEnd(22)} ${'n'.padStart(4)} ${['category', 'types', 'language', 'all'].map((h) => h.padStart(9)).join(' ')}`,
  );
  for (const [label, t] of rows) {
    const cells = [t.category, t.types, t.language, t.all].map((c) => pct(c, t.n).padStart(9));
    console.log(`${label.padEnd(22)} ${String(t.n).padStart(4)} ${cells.join(' ')}`);
  }
  if (process.argv.includes('--verbose')) for (const m of misses) console.log(m);
  else if (misses.length > 0) console.log(`${misses.length} mails with a wrong field (--verbose lists them)`);
}

function tallyFor(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (!t) {
    t = empty();
    map.set(key, t);
  }
  return t;
}

function pct(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
}

await main();
