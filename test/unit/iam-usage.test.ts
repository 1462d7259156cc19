import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { USAGE_FILE, UsageRecorder } from '../../local/iam/usage';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function recorder() {
  const dir = mkdtempSync(path.join(tmpdir(), 'iam-usage-'));
  dirs.push(dir);
  const file = path.join(dir, USAGE_FILE);
  return { file, usage: new UsageRecorder(file), dir };
}
const written = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as { action: string; count: number }[];
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

describe('the local IAM usage record', () => {
  it('writes each new check soon after it is made, counting repeats', async () => {
    const { file, usage } = recorder();
    usage.record('IntakeEmail', 's3:GetObject', 'arn:aws:s3:::inbound/a', 'allow');
    usage.record('IntakeEmail', 's3:GetObject', 'arn:aws:s3:::inbound/a', 'allow');
    await settle();
    expect(written(file)).toEqual([expect.objectContaining({ action: 's3:GetObject', count: 2 })]);
    usage.close();
  });

  it('writes nothing after close, so a call racing the stop cannot write into a removed folder', async () => {
    const { file, usage, dir } = recorder();
    usage.record('IntakeEmail', 's3:GetObject', 'arn:aws:s3:::inbound/a', 'allow');
    usage.close();
    expect(written(file)).toHaveLength(1);
    usage.record('IntakeEmail', 'dynamodb:PutItem', 'arn:aws:dynamodb:eu-north-1:1:table/requests', 'allow');
    await settle();
    expect(written(file)).toHaveLength(1);
    rmSync(dir, { recursive: true, force: true });
    usage.record('IntakeEmail', 'sesv2:SendEmail', '*', 'allow');
    await settle(); // an unhandled ENOENT from a late write would fail the run here
  });
});
