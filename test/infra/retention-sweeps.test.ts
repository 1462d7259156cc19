import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPrivacyDeskApp } from '../../infra/privacy-desk-app';

/** The retention sweep's schedules and grants, as a deploy with the demo stores synthesizes them. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
let template: Template;
beforeAll(() => {
  template = Template.fromStack(
    buildPrivacyDeskApp({
      context: { ...NO_BUNDLING, demo: true, mailDomain: 'privacy.example.com' },
      checks: false,
    }).stack,
  );
}, 120_000);

type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> };
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

function statementsOf(fn: string): Statement[] {
  const functions = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) =>
    id.startsWith(`${fn}Function`),
  );
  expect(functions).toHaveLength(1);
  const [, fn0] = functions[0] as [string, { Properties: Record<string, unknown> }];
  const role = (fn0.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
const granted = (fn: string) => statementsOf(fn).flatMap(actionsOf);

describe('retention sweeps on AWS', () => {
  it('plans daily and picks up requested and approved sweeps every five minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      Targets: [Match.objectLike({ Input: JSON.stringify({ kind: 'plan' }) })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(*/5 * * * ? *)',
      Targets: [Match.objectLike({ Input: JSON.stringify({ kind: 'run' }) })],
    });
  });

  it('lets the sweep scan and change the tables it sweeps, and list only the data prefix of each bucket', () => {
    const statements = statementsOf('RetentionSweep');
    const scans = statements.filter((s) => actionsOf(s).includes('dynamodb:Scan'));
    const scanned = JSON.stringify(scans.map((s) => s.Resource));
    for (const table of ['crm', 'recruitment', 'billing'])
      expect(scanned).toContain(`privacy-desk-demo-${table}`);
    expect(scans).toHaveLength(3);
    const listings = statements.filter(
      (s) =>
        actionsOf(s).includes('s3:ListBucket') && JSON.stringify(s.Resource).includes('privacy-desk-demo-'),
    );
    for (const listing of listings) expect(listing.Condition).toBeDefined();
    expect(JSON.stringify(listings)).toContain('"attendance/*"');
    expect(JSON.stringify(listings)).toContain('"access/*"');
    expect(granted('RetentionSweep')).toEqual(
      expect.arrayContaining(['dynamodb:DeleteItem', 's3:DeleteObject']),
    );
  });

  it('gives the sweep no store it does not sweep: no API credential', () => {
    expect(granted('RetentionSweep')).not.toContain('secretsmanager:GetSecretValue');
  });

  it('lets the staff API read and write sweeps and read their plans, and change no store', () => {
    const actions = granted('RetentionSweepsApi');
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:PutItem', 's3:GetObject']));
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteItem', 's3:PutObject', 's3:DeleteObject'])
      expect(actions).not.toContain(forbidden);
    const reads = statementsOf('RetentionSweepsApi').filter((s) => actionsOf(s).includes('s3:GetObject'));
    expect(JSON.stringify(reads)).toContain('/retention-sweeps/*');
  });
});
