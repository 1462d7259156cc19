/**
 * What the Lambda bundles get for `he` (infra/bundling.ts aliases it here): the mail parser uses it
 * only to escape header values and text for the HTML views it builds, and the HTML-to-text step
 * already bundles `entities`, whose tables do the same: one copy of the HTML entity tables, not
 * two (package.json holds the serializer to the same version of `entities` for the same reason).
 * Any correct escaping serves; intake reads the parser's text and HTML, never its HTML views.
 * Each function takes the text alone: `he`'s second argument is an options object, which
 * `entities` would read as its own (decodeHTML's is a decoding mode).
 */
import { decodeHTML, encodeHTML, escapeUTF8 } from 'entities';

export default {
  encode: (text: string): string => encodeHTML(text),
  decode: (html: string): string => decodeHTML(html),
  escape: (text: string): string => escapeUTF8(text),
};
