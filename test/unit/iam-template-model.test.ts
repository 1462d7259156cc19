import { describe, expect, it } from 'vitest';
import {
  type CfnTemplate,
  iamModelFromTemplate,
  TemplateResolutionError,
} from '../../local/iam/template-model';

const naming = {
  stackName: 'PrivacyDesk',
  region: 'eu-west-1',
  account: '000000000000',
  byPath: {
    'Data/Requests': 'privacy-desk-requests',
    'Data/Packages': 'privacy-desk-packages',
    SubjectKeySecret: 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:privacy-desk/subject-key',
    'Workflow/StateMachine': 'arn:aws:states:eu-west-1:000000000000:stateMachine:privacy-desk-dsr',
  },
  functionNames: ['AssessRequest'],
};
const at = (path: string) => ({ 'aws:cdk:path': `PrivacyDesk/${path}/Resource` });
const partition = { Ref: 'AWS::Partition' };
// CloudFormation's own placeholder syntax, not a template literal.
const SUB_FINDINGS = ['$', '{Packages.Arn}/findings/*'].join('');

function template(statements: unknown[], extra: CfnTemplate['Resources'] = {}): CfnTemplate {
  return {
    Resources: {
      Table: { Type: 'AWS::DynamoDB::Table', Metadata: at('Data/Requests') },
      Key: { Type: 'AWS::KMS::Key', Metadata: at('Data/Key') },
      Packages: {
        Type: 'AWS::S3::Bucket',
        Metadata: at('Data/Packages'),
        Properties: {
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              {
                ServerSideEncryptionByDefault: {
                  SSEAlgorithm: 'aws:kms',
                  KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] },
                },
              },
            ],
          },
        },
      },
      Secret: {
        Type: 'AWS::SecretsManager::Secret',
        Metadata: at('SubjectKeySecret'),
        Properties: { KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } },
      },
      Machine: {
        Type: 'AWS::StepFunctions::StateMachine',
        Metadata: at('Workflow/StateMachine'),
        Properties: { RoleArn: { 'Fn::GetAtt': ['Role', 'Arn'] } },
      },
      Role: {
        Type: 'AWS::IAM::Role',
        Metadata: at('AssessRequest/Function/ServiceRole'),
        Properties: {
          ManagedPolicyArns: [
            {
              'Fn::Join': [
                '',
                ['arn:', partition, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
              ],
            },
          ],
        },
      },
      Policy: {
        Type: 'AWS::IAM::Policy',
        Metadata: at('AssessRequest/Function/ServiceRole/DefaultPolicy'),
        Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: statements } },
      },
      Function: {
        Type: 'AWS::Lambda::Function',
        Metadata: at('AssessRequest/Function'),
        Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] } },
      },
      ...extra,
    },
  };
}

describe("the synthesized template's IAM, read for the local stack", () => {
  it("resolves a function's statements to the local resources (GetAtt, Join, Sub, Select/Split, pseudo parameters)", () => {
    const model = iamModelFromTemplate(
      template([
        { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': ['Table', 'Arn'] } },
        {
          Effect: 'Allow',
          Action: 'dynamodb:Query',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Table', 'Arn'] }, '/index/bySubject']] },
        },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': SUB_FINDINGS } },
        {
          Effect: 'Allow',
          Action: 'states:DescribeExecution',
          Resource: {
            'Fn::Join': [
              '',
              [
                'arn:',
                partition,
                ':states:',
                { Ref: 'AWS::Region' },
                ':',
                { Ref: 'AWS::AccountId' },
                ':execution:',
                { 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: 'Machine' }] }] },
                ':*',
              ],
            ],
          },
        },
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: { Ref: 'Secret' } },
      ]),
      naming,
    );
    const statements = model.functions.AssessRequest?.statements ?? [];
    expect(statements.map((s) => s.Resource)).toEqual([
      '*',
      'arn:aws:dynamodb:eu-west-1:000000000000:table/privacy-desk-requests',
      'arn:aws:dynamodb:eu-west-1:000000000000:table/privacy-desk-requests/index/bySubject',
      'arn:aws:s3:::privacy-desk-packages/findings/*',
      'arn:aws:states:eu-west-1:000000000000:execution:privacy-desk-dsr:*',
      naming.byPath.SubjectKeySecret,
    ]);
    expect(model.functions.AssessRequest?.principalArn).toMatch(
      /^arn:aws:sts::000000000000:assumed-role\/.+\/AssessRequest$/,
    );
    expect(model.bucketKeys).toEqual({
      'privacy-desk-packages': 'arn:aws:kms:eu-west-1:000000000000:key/privacy-desk-Data-Key',
    });
    expect(model.secretKeys[naming.byPath.SubjectKeySecret]).toBe(model.bucketKeys['privacy-desk-packages']);
  });

  it('fails loudly on what it cannot resolve: an intrinsic, an attribute, a managed policy, a missing function', () => {
    const resolving = (resource: unknown) =>
      iamModelFromTemplate(
        template([{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }]),
        naming,
      );
    expect(() => resolving({ 'Fn::ImportValue': 'shared-bucket' })).toThrow(TemplateResolutionError);
    expect(() => resolving({ 'Fn::GetAtt': ['Table', 'StreamArn'] })).toThrow(/StreamArn/);
    expect(() => resolving({ Ref: 'Nowhere' })).toThrow(/Nowhere/);
    const admin = template([], {});
    const managed = admin.Resources.Role?.Properties?.ManagedPolicyArns as unknown[];
    managed.push('arn:aws:iam::aws:policy/AdministratorAccess');
    expect(() => iamModelFromTemplate(admin, naming)).toThrow(/AdministratorAccess/);
    expect(() =>
      iamModelFromTemplate(template([]), { ...naming, functionNames: ['AssessRequest', 'Gone'] }),
    ).toThrow(/Gone/);
  });
});
