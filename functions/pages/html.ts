import { escapeHtml } from '../core/escape-html';

export { escapeHtml };

/** A small self-contained page: no scripts, no external resources (the CSP forbids both). */
export function page(language: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1d2733}
button{font-size:1rem;padding:.6rem 1.2rem;border:0;border-radius:.3rem;background:#1f5f8b;color:#fff;cursor:pointer}
.muted{color:#5a6b7b;font-size:.9rem}</style></head>
<body><main>${body}</main></body></html>`;
}

/** Security headers for every HTML page we serve. */
export const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
} as const;

export type PageLanguage = 'sv' | 'nb' | 'en';

/** The page language: an explicit choice, else the first supported Accept-Language entry, else English. */
export function pageLanguage(explicit: string | undefined, acceptLanguage: string | undefined): PageLanguage {
  const supported = (tag: string): PageLanguage | undefined => {
    const base = tag.trim().toLowerCase().split(/[-;]/)[0] ?? '';
    if (base === 'sv') return 'sv';
    // Danish is not offered: Danish readers get English, as our replies to them are.
    if (base === 'nb' || base === 'no' || base === 'nn') return 'nb';
    if (base === 'en') return 'en';
    return undefined;
  };
  if (explicit) return supported(explicit) ?? 'en';
  for (const tag of (acceptLanguage ?? '').split(',')) {
    const language = supported(tag);
    if (language) return language;
  }
  return 'en';
}
