import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../infra/api-routes';
import { buildPrivacyDeskApp } from '../../infra/privacy-desk-app';

/**
 * The breach desk's functions as a deploy synthesizes them (the app with the demo stores): exactly
 * the calls they make. Asset bundling is skipped: none of this depends on the bundles.
 */
let template: Template;
beforeAll(() => {
  const context = { 'aws:cdk:bundling-stacks': [], demo: true, mailDomain: 'privacy.example.com' };
  template = Template.fromStack(buildPrivacyDeskApp({ context, checks: false }).stack);
}, 120_000);

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: Record<string, unknown> };
const resources = (type: string) => Object.entries(template.findResources(type) as Record<string, Resource>);
const logicalIdOf = (type: string, prefix: string) => {
  const found = resources(type).filter(([id]) => id.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0]?.[0] ?? '';
};
const statementsOf = (fn: string): Statement[] => {
  const functionId = logicalIdOf('AWS::Lambda::Function', `${fn}Function`);
  const role = (template.toJSON().Resources[functionId].Properties.Role as { 'Fn::GetAtt': string[] })[
    'Fn::GetAtt'
  ][0];
  return resources('AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: role }]))
    .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
};
const actionsOf = (fn: string) =>
  new Set(statementsOf(fn).flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));

describe('the breach desk on AWS', () => {
  it('routes every incident path to its own function behind the staff authorizer', () => {
    const routes = API_ROUTES.filter((r) => r.path.startsWith('/api/incident'));
    expect(routes.length).toBeGreaterThanOrEqual(6);
    for (const route of routes) {
      expect(route).toMatchObject({ function: 'IncidentsApi', auth: 'staff' });
      expect(route.public).toBeUndefined();
    }
  });

  it('lets the incidents API scan the located tables and list bucket data prefixes, but change no store', () => {
    const actions = actionsOf('IncidentsApi');
    expect(actions).toContain('dynamodb:Scan');
    const scans = statementsOf('IncidentsApi').filter((s) =>
      JSON.stringify(s.Action).includes('dynamodb:Scan'),
    );
    // Only the company's tables, by name: never the Requests table.
    expect(JSON.stringify(scans)).not.toContain('DataRequests');
    for (const never of [
      'dynamodb:DeleteItem',
      's3:PutObject',
      's3:DeleteObject',
      'dynamodb:BatchWriteItem',
    ]) {
      expect(actions).not.toContain(never);
    }
    const listings = statementsOf('IncidentsApi').filter((s) =>
      JSON.stringify(s.Action).includes('s3:ListBucket'),
    );
    for (const listing of listings) expect(listing.Condition).toHaveProperty('StringLike');
  });

  it('lets the incidents API send mail only as the privacy mailbox, and read the subject key', () => {
    const sending = statementsOf('IncidentsApi').find((s) =>
      JSON.stringify(s.Action).includes('ses:SendEmail'),
    );
    expect(sending?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': 'gdpr@privacy.example.com' } });
    expect(actionsOf('IncidentsApi')).toContain('secretsmanager:GetSecretValue');
  });

  it('runs the breach clock every 15 minutes, with only the index query, its claims and mail', () => {
    const clockId = logicalIdOf('AWS::Lambda::Function', 'IncidentClockFunction');
    const rules = resources('AWS::Events::Rule').filter(([, r]) =>
      JSON.stringify(r.Properties.Targets).includes(clockId),
    );
    expect(rules.map(([, r]) => r.Properties.ScheduleExpression)).toEqual(['rate(15 minutes)']);
    expect([...actionsOf('IncidentClock')].sort()).toEqual(
      [
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'ses:SendEmail',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
  });
});
