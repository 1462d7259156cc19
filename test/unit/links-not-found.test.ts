import { describe, expect, it } from 'vitest';
import linkifyIt from '../../functions/adapters/links-not-found';
import { PARSER_OPTIONS } from '../../functions/adapters/parse-mail';

// The bundles give the mail parser a link finder that finds nothing; the parser's own one is used
// only for an HTML view of text parts that intake must keep turned off.
describe('the link finder the bundles give the mail parser', () => {
  it('is set up as the mail parser sets up its own, and finds no link', () => {
    const finder = linkifyIt().tlds([]).tlds('onion', true).add('git:', 'http:').set({ fuzzyLink: true });
    const text = 'See https://example.com and www.example.se, or mail asa@example.se';
    expect(finder.pretest(text)).toBe(false);
    expect(finder.test(text)).toBe(false);
    expect(finder.match(text)).toBeNull();
  });

  it('stands in only while intake parses without the HTML view of text parts or its links', () => {
    expect(PARSER_OPTIONS).toMatchObject({ skipTextToHtml: true, skipTextLinks: true });
  });
});
