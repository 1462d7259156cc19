/**
 * One set of esbuild options for every Lambda bundle: the CDK stack bundles with them and the
 * bundle benchmark measures exactly what gets deployed.
 */
import { Charset } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { MODEL_FILE } from '../functions/core/intake/classify/classify-model-file';

export const BUNDLE_TARGET = 'node22';

/** Modules replaced in the bundles, relative to the repository root (esbuild `alias`). */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  // Lambda's credentials are always in the environment: the SDK's full default chain is dead weight.
  '@aws-sdk/credential-provider-node': './functions/adapters/clients/lambda-credentials.ts',
  // mailparser imports libmime as ESM, its MIME splitter requires it as CommonJS: one copy, not two.
  libmime: './node_modules/libmime/dist/cjs/libmime.js',
  // The mail parser's Japanese codec loads from its own file when a mail needs it.
  'encoding-japanese': './functions/adapters/encoding-japanese-on-demand.ts',
  // The mail parser's HTML escaping, by the entity tables the HTML-to-text step bundles anyway.
  he: './functions/adapters/he-by-entities.ts',
  // The mail parser's link finder, for the HTML view of text parts that intake turns off.
  'linkify-it': './functions/adapters/links-not-found.ts',
  tlds: './functions/adapters/links-not-found.ts',
};

/**
 * Imports left to run time, relative to the bundle: iconv-lite's double-byte tables (Chinese,
 * Japanese, Korean) and the Japanese codec, about 480 KB that almost no mail needs, and libmime's
 * MIME type tables (70 KB, read only for an attachment sent without a type). They ship as files
 * beside the bundle (MAIL_PARSER_TABLES) and load on first use; only the GBK table is read at
 * start, because libmime builds that codec when it loads. libmime requires `./mimetypes.js` when
 * it loads, so that name is a small file that reads the tables from `tables/` when first asked.
 */
export const BUNDLE_EXTERNALS: string[] = ['./tables/*', './mimetypes.js'];

/** After-bundling commands that ship the mail parser's on-demand tables with a bundle that parses mail. */
export const MAIL_PARSER_TABLES: readonly string[] = [
  'mkdir -p {outputDir}/tables',
  'cp {inputDir}/node_modules/iconv-lite/encodings/tables/*.json {outputDir}/tables/',
  'cp {inputDir}/node_modules/encoding-japanese/encoding.min.js {outputDir}/tables/encoding-japanese.js',
  'cp {inputDir}/node_modules/libmime/dist/cjs/mimetypes.js {outputDir}/tables/mimetypes.js',
  'cp {inputDir}/functions/adapters/mime-types-on-demand.cjs {outputDir}/mimetypes.js',
];

/**
 * After-bundling commands that ship the classifier's model file beside a bundle that classifies
 * mail or form text; the classifier reads it from its own directory, which in a bundle is the
 * bundle's (BUNDLE_DEFINES).
 */
export const CLASSIFIER_MODEL: readonly string[] = [
  `cp {inputDir}/functions/core/intake/classify/${MODEL_FILE} {outputDir}/`,
];

/** In a CommonJS bundle a module's directory is the bundle's, `__dirname`. */
export const BUNDLE_DEFINES: Readonly<Record<string, string>> = { 'import.meta.dirname': '__dirname' };

export const BUNDLE_OPTIONS = {
  minify: true,
  sourceMap: false,
  target: BUNDLE_TARGET,
  // Letters beyond ASCII as they are, not escaped: the classifier's and the mail parser's word
  // lists and tables are full of them (å, ø, ü, and the charset tables), and an escape takes six
  // bytes where UTF-8 takes two or three. Node reads a bundle as UTF-8.
  charset: Charset.UTF8,
  // ESM entry points first, so esbuild can tree-shake the SDK and zod.
  mainFields: ['module', 'main'],
  // The runtime's own SDK differs by version: we ship the one we test with.
  bundleAwsSDK: true,
  externalModules: BUNDLE_EXTERNALS,
  define: BUNDLE_DEFINES,
  esbuildArgs: Object.fromEntries(
    Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
  ),
} as const;

/** The same bundle through esbuild's JavaScript API: the bundle benchmark and the bundle tests. */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: BUNDLE_OPTIONS.target,
  minify: BUNDLE_OPTIONS.minify,
  charset: BUNDLE_OPTIONS.charset,
  mainFields: [...BUNDLE_OPTIONS.mainFields],
  alias: { ...BUNDLE_ALIASES },
  external: [...BUNDLE_EXTERNALS],
  define: { ...BUNDLE_DEFINES },
} satisfies BuildOptions;
