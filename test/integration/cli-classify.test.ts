import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = path.resolve('bin/privacy-desk.mjs');

describe('privacy-desk classify', () => {
  it('prints the classification of a mail file as one JSON object', async () => {
    const mail = path.join(tmpdir(), 'pd-classify.eml');
    writeFileSync(
      mail,
      'From: Kari Nordmann <kari@example.no>\r\nTo: gdpr@example.com\r\nSubject: Innsyn og sletting\r\n\r\nHei, send meg en kopi av opplysningene dere har om meg, og slett dem etterpå.\r\n',
    );
    const { stdout } = await run(process.execPath, [bin, 'classify', mail]);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      category: 'request',
      types: ['access', 'erasure'],
      language: 'nb',
      subjectEmail: 'kari@example.no',
    });
    expect(result.confidence).toBeGreaterThan(0.5);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('says clearly on stderr, with a non-zero exit, when the file cannot be read', async () => {
    const failure = await run(process.execPath, [bin, 'classify', '/nonexistent/mail.eml']).catch((e) => e);
    expect(failure.code).not.toBe(0);
    expect(failure.stderr).toMatch(/cannot read \/nonexistent\/mail\.eml: ENOENT/);
  });
});
