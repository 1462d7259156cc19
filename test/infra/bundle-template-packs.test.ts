import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPLY_TEMPLATES } from '../../config/templates';
import { ESBUILD_OPTIONS } from '../../infra/bundling';
import { FUNCTIONS } from '../../infra/function-catalog';

/** The deployed bundle's text, built as CDK builds it, with esbuild's escapes of non-ASCII characters read back. */
async function bundleText(entry: string): Promise<string> {
  const result = await build({ ...ESBUILD_OPTIONS, entryPoints: [entry], write: false, logLevel: 'error' });
  return result.outputFiles
    .map((file) => file.text)
    .join('\n')
    .replace(/\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4}))/g, (_, x?: string, u?: string) =>
      String.fromCharCode(Number.parseInt(x ?? u ?? '', 16)),
    );
}

const subjectOf = (name: keyof typeof REPLY_TEMPLATES.sv.templates) =>
  REPLY_TEMPLATES.sv.templates[name].subject;

describe('reply texts in the bundles', () => {
  it('the verification link handler ships the verification mails and no other reply', async () => {
    const text = await bundleText(FUNCTIONS.VerifyLink.entry);
    expect(text).toContain(subjectOf('verification'));
    expect(text).toContain(subjectOf('verification_reminder'));
    expect(text).not.toContain(subjectOf('completion_access'));
    expect(text).not.toContain(subjectOf('staff_deadline_digest'));
  });

  it('the mail intake ships its own mails and not the workflow’s', async () => {
    const text = await bundleText(FUNCTIONS.IntakeEmail.entry);
    expect(text).toContain(subjectOf('triage_acknowledgement'));
    expect(text).not.toContain(subjectOf('completion_erasure'));
  });

  it('the reply step ships every reply', async () => {
    const text = await bundleText(FUNCTIONS.SendReply.entry);
    for (const name of ['completion_access', 'verification', 'triage_acknowledgement'] as const)
      expect(text).toContain(subjectOf(name));
  });
});
