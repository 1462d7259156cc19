import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The core is pure domain: it takes the deployment's configuration (data map, template packs,
 * days off) and its adapters as arguments, and leaves pages to the edge. Imports that point the
 * other way would bring configuration, SDK clients or HTML pages into every caller of the core.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CORE = path.join(ROOT, 'functions/core');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [
    ...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gms),
    ...source.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return specifiers.map((m) => m[1] as string);
}

/** Where a relative import lands, relative to the repository root; bare specifiers as they are. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return path
    .relative(ROOT, path.resolve(path.dirname(file), specifier))
    .split(path.sep)
    .join('/');
}

const FORBIDDEN: readonly { what: string; test: (target: string) => boolean }[] = [
  { what: 'configuration', test: (t) => t === 'config' || t.startsWith('config/') },
  { what: 'the pages', test: (t) => t.startsWith('functions/pages/') },
  { what: 'the adapters', test: (t) => t.startsWith('functions/adapters/') },
  { what: 'a handler', test: (t) => /^functions\/[^/]+$/.test(t) },
  { what: 'the AWS SDK', test: (t) => t.startsWith('@aws-sdk/') },
];

describe('the core', () => {
  const files = sourcesUnder(CORE);

  it('is found by the scan', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(importsOf(path.join(CORE, 'replies/templates.ts'))).toContain('../escape-html');
  });

  it('imports no configuration, pages, adapters, handlers or SDK', () => {
    const offending = files.flatMap((file) =>
      importsOf(file).flatMap((specifier) => {
        const landsIn = target(file, specifier);
        const rule = FORBIDDEN.find((r) => r.test(landsIn));
        return rule ? [`${path.relative(ROOT, file)} imports ${rule.what} (${specifier})`] : [];
      }),
    );
    expect(offending).toEqual([]);
  });
});
