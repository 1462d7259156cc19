import { describe, expect, it } from 'vitest';
import {
  evaluate,
  type PolicyStatement,
  UnsupportedPolicyError,
  wildcardMatches,
} from '../../local/iam/policy-evaluator';

const TABLE = 'arn:aws:dynamodb:eu-west-1:000000000000:table/privacy-desk-requests';
const BUCKET = 'arn:aws:s3:::privacy-desk-packages';

const allow = (
  Action: string | string[],
  Resource: string | string[],
  Condition?: PolicyStatement['Condition'],
) => ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) }) as PolicyStatement;

describe('the IAM policy evaluator', () => {
  it('allows an action on a resource a statement names, and nothing else (implicit deny)', () => {
    const policy = [allow(['dynamodb:GetItem', 'dynamodb:Query'], TABLE)];
    expect(evaluate(policy, { action: 'dynamodb:GetItem', resource: TABLE })).toBe('allow');
    expect(evaluate(policy, { action: 'dynamodb:PutItem', resource: TABLE })).toBe('implicit-deny');
    expect(evaluate(policy, { action: 'dynamodb:Query', resource: `${TABLE}/index/bySubject` })).toBe(
      'implicit-deny',
    );
    expect(evaluate([], { action: 'dynamodb:GetItem', resource: TABLE })).toBe('implicit-deny');
  });

  it('lets an explicit Deny beat any Allow', () => {
    const policy: PolicyStatement[] = [
      allow('dynamodb:*', '*'),
      { Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: TABLE },
    ];
    expect(evaluate(policy, { action: 'dynamodb:DeleteItem', resource: TABLE })).toBe('explicit-deny');
    expect(evaluate(policy, { action: 'dynamodb:PutItem', resource: TABLE })).toBe('allow');
  });

  it('matches wildcards in actions (case-insensitively) and resources (* any run, ? one character)', () => {
    const policy = [allow('S3:Get*', `${BUCKET}/findings/*`), allow('kms:GenerateDataKey*', '*')];
    expect(evaluate(policy, { action: 's3:GetObject', resource: `${BUCKET}/findings/PD-1/crm.json` })).toBe(
      'allow',
    );
    expect(evaluate(policy, { action: 's3:GetObject', resource: `${BUCKET}/erasure/PD-1/plan.json` })).toBe(
      'implicit-deny',
    );
    expect(
      evaluate(policy, { action: 'kms:GenerateDataKey', resource: 'arn:aws:kms:eu-west-1:0:key/k' }),
    ).toBe('allow');
    expect(wildcardMatches('secret:acme/api-??????', 'secret:acme/api-AbC123')).toBe(true);
    expect(wildcardMatches('secret:acme/api-??????', 'secret:acme/api-AbC12')).toBe(false);
    expect(wildcardMatches('a.b(c)', 'a.b(c)')).toBe(true);
    expect(wildcardMatches('a.b', 'axb')).toBe(false);
  });

  it('lists a bucket only under the prefixes an s3:prefix condition allows', () => {
    const policy = [allow('s3:ListBucket', BUCKET, { StringLike: { 's3:prefix': ['findings/*'] } })];
    const list = (prefix?: string) =>
      evaluate(policy, {
        action: 's3:ListBucket',
        resource: BUCKET,
        context: prefix === undefined ? {} : { 's3:prefix': prefix },
      });
    expect(list('findings/PD-1/')).toBe('allow');
    expect(list('erasure/PD-1/outcome-crm.json')).toBe('implicit-deny');
    // A request without the key fails a positive condition, as in IAM.
    expect(list()).toBe('implicit-deny');
  });

  it('holds a sender to the address a ses:FromAddress condition names', () => {
    const identity = 'arn:aws:ses:eu-west-1:000000000000:identity/example.com';
    const policy = [
      allow('ses:SendEmail', identity, { StringEquals: { 'ses:FromAddress': 'gdpr@example.com' } }),
    ];
    const send = (from: string) =>
      evaluate(policy, { action: 'ses:SendEmail', resource: identity, context: { 'ses:FromAddress': from } });
    expect(send('gdpr@example.com')).toBe('allow');
    expect(send('ceo@example.com')).toBe('implicit-deny');
  });

  it('refuses loudly what it cannot judge: an action, a condition operator or key, NotAction', () => {
    expect(() => evaluate([allow('*', '*')], { action: 'dynamodb:DescribeTable', resource: TABLE })).toThrow(
      UnsupportedPolicyError,
    );
    const odd = (Condition: PolicyStatement['Condition']) =>
      evaluate([allow('s3:ListBucket', BUCKET, Condition)], { action: 's3:ListBucket', resource: BUCKET });
    expect(() => odd({ NumericLessThan: { 's3:max-keys': '10' } })).toThrow(/NumericLessThan/);
    expect(() => odd({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } })).toThrow(/aws:SourceVpc/);
    expect(() => odd({ StringLikeIfExists: { 's3:prefix': 'a/*' } })).toThrow(UnsupportedPolicyError);
    const notAction = { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' } as PolicyStatement;
    expect(() => evaluate([notAction], { action: 'dynamodb:GetItem', resource: TABLE })).toThrow(/NotAction/);
    expect(() =>
      evaluate([allow('s3:GetObject', `${BUCKET}/\${aws:username}/*`)], {
        action: 's3:GetObject',
        resource: `${BUCKET}/a`,
      }),
    ).toThrow(/policy variables/);
  });
});
