/**
 * What the Lambda bundles get for `linkify-it` and `tlds` (infra/bundling.ts aliases both here). The
 * mail parser sets up a link finder with the full list of top-level domains when it loads, but uses
 * it only to turn links into anchors in the HTML view of a plain-text part, and intake turns that
 * view off (PARSER_OPTIONS: skipTextToHtml, skipTextLinks). A finder that finds no links serves the
 * same, without 25 KB of each mail-parsing bundle and the expressions the real one compiles at
 * every cold start. As `tlds` it is a module the finder never reads.
 */
class NoLinks {
  tlds(_list: string | readonly string[], _keepDefaults?: boolean): this {
    return this;
  }

  add(_schema: string, _definition: unknown): this {
    return this;
  }

  set(_options: Record<string, boolean>): this {
    return this;
  }

  pretest(_text: string): boolean {
    return false;
  }

  test(_text: string): boolean {
    return false;
  }

  match(_text: string): null {
    return null;
  }
}

export default function linkifyIt(): NoLinks {
  return new NoLinks();
}
