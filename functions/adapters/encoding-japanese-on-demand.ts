/**
 * What the Lambda bundles get for `encoding-japanese` (infra/bundling.ts aliases it here): the
 * codec is a file of its own in the asset, `tables/` beside the bundle with iconv-lite's
 * double-byte tables, and loads on the first mail in a JIS charset, not at every cold start.
 * The mail parser (libmime) calls only `convert`.
 */
type EncodingJapanese = typeof import('encoding-japanese');

let codec: EncodingJapanese | undefined;

function loaded(): EncodingJapanese {
  // A path left to run time (infra/bundling.ts marks `./tables/*` external), relative to the bundle.
  codec ??= require('./tables/encoding-japanese.js') as EncodingJapanese;
  return codec;
}

export const convert: EncodingJapanese['convert'] = ((...args: Parameters<EncodingJapanese['convert']>) =>
  loaded().convert(...args)) as EncodingJapanese['convert'];

export default { convert };
