/** A count with its word in the locale's plural category (`Intl.PluralRules`): "1 post", "3 poster". */
export function countOf(
  locale: string,
  count: number,
  forms: { readonly one: string; readonly other: string },
): string {
  const category = new Intl.PluralRules(locale).select(count);
  return `${count} ${category === 'one' ? forms.one : forms.other}`;
}
