/**
 * The decision stage's thresholds (classify-mail's StageThresholds), measured on held-out verdicts.
 * Cross-validation trains the fold models, naming readers and decision stages once (the longest
 * part, as long as one cross-validation of the accuracy bench); every setting then draws all the
 * held-out verdicts again from the same drafts and calibrates their confidence per fold, as
 * cross-validation does, in seconds. The shipped row is the accuracy bench's shipped configuration.
 * Each row: exact types / type precision per language the targets name, then over the three:
 * category, exact types, type precision, the mail sent to staff for low confidence (at the triage
 * threshold chosen on that row's verdicts), the number of rights given that were not asked for, and
 * the type precision of the mail intake acts on alone at that threshold ("auto", as in the accuracy
 * bench: where a wrong right costs most).
 * Run: npx tsx bench/classify-thresholds.ts [--order N] [--save FILE | --load FILE]
 *        [--set name=value,name=value ...]
 * Without --set, each threshold is moved alone over a few values around the shipped one. --save
 * keeps the drafts (about 100 MB) so that a later --load skips the training.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STAGE_THRESHOLDS, type StageThresholds } from '../functions/core/intake/classify/classify-mail';
import {
  actedOn,
  type CorpusEntry,
  calibrateTriage,
  type HeldOut,
  type HeldOutDrafts,
  heldOutDrafts,
  judgeHeldOut,
  parseCorpus,
  SHIPPED_OPTIONS,
  typesGiven,
} from '../functions/core/intake/classify/classify-train';

const ROOT = join(import.meta.dirname, '..');
const corpusText = readFileSync(join(ROOT, 'test/fixtures/corpus/corpus.jsonl'), 'utf8');
const corpus = parseCorpus(corpusText);
const digest = createHash('sha256').update(corpusText).digest('hex');
const TARGET_LANGUAGES = ['sv', 'nb', 'en'];

const args = process.argv.slice(2);
const valuesOf = (flag: string) =>
  args.flatMap((a, i) => (a === flag && args[i + 1] ? [args[i + 1] as string] : []));
const order = Number(valuesOf('--order')[0] ?? 0);
const [savePath] = valuesOf('--save');
const [loadPath] = valuesOf('--load');

/** The drafts as a file: each text's assessment with its inputs as base64 float32, in corpus order. */
interface SavedDrafts {
  corpusDigest: string;
  order: number;
  k: number;
  decisions: HeldOutDrafts['decisions'];
  assessed: Array<{ fold: number; assessment: object; inputs?: string }>;
}

function save(path: string, drafts: HeldOutDrafts): void {
  const saved: SavedDrafts = {
    corpusDigest: digest,
    order,
    k: drafts.k,
    decisions: drafts.decisions,
    assessed: drafts.assessed.map(({ fold, assessment: { inputs, naming: _naming, ...rest } }) => ({
      fold,
      assessment: rest,
      ...(inputs
        ? { inputs: Buffer.from(inputs.buffer, inputs.byteOffset, inputs.byteLength).toString('base64') }
        : {}),
    })),
  };
  writeFileSync(path, JSON.stringify(saved));
}

function load(path: string): HeldOutDrafts {
  const saved = JSON.parse(readFileSync(path, 'utf8')) as SavedDrafts;
  if (saved.corpusDigest !== digest || saved.order !== order) {
    throw new Error(`${path} holds the drafts of another corpus or training order: run with --save again`);
  }
  return {
    k: saved.k,
    decisions: saved.decisions,
    assessed: saved.assessed.map(({ fold, assessment, inputs }, i) => {
      // Copied into a buffer of its own: a small Buffer sits in a shared pool, where a float32 view may not start.
      const bytes = inputs === undefined ? undefined : Buffer.from(inputs, 'base64');
      return {
        entry: corpus[i] as CorpusEntry,
        fold,
        assessment: {
          ...(assessment as HeldOutDrafts['assessed'][number]['assessment']),
          ...(bytes ? { inputs: new Float32Array(new Uint8Array(bytes).buffer) } : {}),
        },
      };
    }),
  };
}

/** Each threshold alone over a few values around the shipped one; or the settings --set names. */
function settings(): Array<Partial<StageThresholds>> {
  const named = valuesOf('--set');
  if (named.length > 0) {
    return named.map((setting) =>
      Object.fromEntries(
        setting.split(',').map((pair) => {
          const [name, value] = pair.split('=');
          if (!name || !(name in STAGE_THRESHOLDS) || value === undefined || Number.isNaN(Number(value))) {
            throw new Error(
              `--set ${setting}: name=value pairs of ${Object.keys(STAGE_THRESHOLDS).join(', ')}`,
            );
          }
          return [name, Number(value)];
        }),
      ),
    );
  }
  const around = (name: keyof StageThresholds, step: number, steps: number) =>
    Array.from({ length: 2 * steps + 1 }, (_, i) => STAGE_THRESHOLDS[name] + (i - steps) * step)
      .filter((v) => v > 0 && v < 1 && Math.abs(v - STAGE_THRESHOLDS[name]) > 1e-9)
      .map((v) => ({ [name]: Math.round(v * 100) / 100 }));
  return [
    ...around('likelyBreach', 0.05, 2),
    ...around('agreedBreach', 0.1, 1),
    ...around('decidedType', 0.05, 2),
    ...around('severalNamedType', 0.1, 1),
    ...around('listedType', 0.1, 2),
    ...around('fallbackType', 0.1, 1),
    ...around('namedFallbackType', 0.1, 1),
    ...around('sureTypeCount', 0.1, 2),
    ...around('sureNoType', 0.1, 2),
  ];
}

const pct = (part: number, whole: number) => (whole === 0 ? '-' : ((100 * part) / whole).toFixed(2));

function figures(heldOut: readonly HeldOut[]): string {
  const threshold = calibrateTriage(heldOut);
  const cells: string[] = [];
  const measure = (rows: readonly HeldOut[]) => {
    const { found, wrong } = typesGiven(rows);
    const auto = typesGiven(rows.filter((h) => actedOn(h.got) && h.got.confidence >= threshold));
    return {
      category: pct(rows.filter((h) => h.got.category === h.entry.category).length, rows.length),
      exact: pct(rows.filter((h) => h.got.types.join(',') === h.entry.types.join(',')).length, rows.length),
      precision: pct(found - wrong, found),
      staff: pct(rows.filter((h) => actedOn(h.got) && h.got.confidence < threshold).length, rows.length),
      wrong,
      auto: auto.found === 0 ? '-' : pct(auto.found - auto.wrong, auto.found),
    };
  };
  for (const language of TARGET_LANGUAGES) {
    const m = measure(heldOut.filter((h) => h.entry.language === language));
    cells.push(`${m.exact}/${m.precision}`.padStart(14));
  }
  const m = measure(heldOut.filter((h) => TARGET_LANGUAGES.includes(h.entry.language)));
  cells.push(
    ...[m.category, m.exact, m.precision, m.staff, String(m.wrong), m.auto].map((c) => c.padStart(10)),
  );
  return cells.join('');
}

const started = Date.now();
const drafts = loadPath
  ? load(loadPath)
  : await heldOutDrafts(corpus, { ...SHIPPED_OPTIONS, trainingOrder: order });
if (savePath) save(savePath, drafts);
console.log(
  `Corpus: ${corpus.length} texts, training order ${order}; drafts ${loadPath ? 'loaded' : 'trained'} in ${((Date.now() - started) / 1000).toFixed(0)} s. Shipped: ${JSON.stringify(STAGE_THRESHOLDS)}\n`,
);
const rows = [{}, ...settings()].map((setting) => ({
  setting,
  label: Object.keys(setting).length === 0 ? 'shipped' : JSON.stringify(setting).replace(/["{}]/g, ''),
}));
const labelWidth = Math.max(28, ...rows.map((r) => r.label.length + 2));
console.log(
  `${'setting'.padEnd(labelWidth)}${TARGET_LANGUAGES.map((l) => `${l} ex/prec`.padStart(14)).join('')}${[
    'category',
    'types',
    'type prec',
    'to staff',
    'wrong',
    'auto prec',
  ]
    .map((h) => h.padStart(10))
    .join('')}`,
);
for (const { setting, label } of rows) {
  const heldOut = judgeHeldOut(drafts, { thresholds: { ...STAGE_THRESHOLDS, ...setting } });
  console.log(`${label.padEnd(labelWidth)}${figures(heldOut)}`);
}
