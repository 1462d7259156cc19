import { describe, expect, it } from 'vitest';
import he from '../../functions/adapters/he-by-entities';

// The mail parser's HTML views are built with `he`; the bundles serve it from `entities`.
describe('the HTML escaping the bundles give the mail parser', () => {
  it('escapes what would open a tag or an attribute', () => {
    const escaped = he.encode('<script>alert("x")</script> & \'y\'');
    expect(escaped).not.toMatch(/[<>"']/);
    expect(escaped).toContain('&lt;script&gt;');
    expect(escaped).toContain('&amp;');
  });

  it('gives back the text it escaped, letters of every language included', () => {
    const text = 'Radera mina uppgifter, Åsa Ødegård <asa@example.se> — “tack” 😀 & <b>';
    expect(he.decode(he.encode(text))).toBe(text);
    expect(he.decode(he.escape(text))).toBe(text);
  });

  it('decodes named and numeric references', () => {
    expect(he.decode('&auml;r &#229; &#x00F8; &amp; &lt;')).toBe('är å ø & <');
  });
});
