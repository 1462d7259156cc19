import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATA_MAP } from '../../config/datamap';
import { API_ROUTES } from '../../infra/api-routes';
import { storeDeploymentsFromContext } from '../../infra/constructs/store-access';
import { PrivacyDeskStack } from '../../infra/privacy-desk-stack';

// Synthesizing bundles every Lambda with esbuild: do it once for the whole file.
let template: Template;
let app: App;
let stack: PrivacyDeskStack;

beforeAll(() => {
  app = new App({ context: { mailDomain: 'example.com' } });
  stack = new PrivacyDeskStack(app, 'Test', {
    mailDomain: 'example.com',
    staffAlertAddress: 'privacy-team@example.org',
    env: { account: '123456789012', region: 'eu-west-1' },
    // Where the company's systems are: every connector type, the API credential in a secret.
    dataStores: {
      crm: { table: 'acme-crm' },
      recruitment: { table: 'acme-recruitment' },
      billing: { table: 'acme-billing' },
      events: { bucket: 'acme-events' },
      'web-logs': { bucket: 'acme-web-logs' },
      newsletter: { baseUrl: 'https://api.mail.example/v1', authHeaderSecretName: 'acme/newsletter-api' },
    },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  template = Template.fromStack(stack);
}, 300_000);

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const resourcesOf = (type: string): Resources => template.findResources(type) as Resources;

describe('data stores', () => {
  it('encrypts both tables with the customer-managed key and keeps point-in-time recovery', () => {
    const tables = Object.values(resourcesOf('AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      expect(table.Properties.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
  });

  it('gives the requests table its status and subject indexes and a TTL attribute', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([
        Match.objectLike({ IndexName: 'byStatus' }),
        Match.objectLike({ IndexName: 'bySubject' }),
      ]),
    });
  });

  it('rotates the key', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('blocks public access, requires TLS and encrypts mail and packages with KMS', () => {
    const buckets = Object.entries(resourcesOf('AWS::S3::Bucket'));
    const kmsBuckets = buckets.filter(([, b]) =>
      JSON.stringify(b.Properties.BucketEncryption).includes('aws:kms'),
    );
    expect(kmsBuckets).toHaveLength(2);
    for (const [, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.LifecycleConfiguration).toBeDefined();
    }
    const policies = Object.values(resourcesOf('AWS::S3::BucketPolicy'));
    const denyInsecure = policies.filter((p) =>
      JSON.stringify(p.Properties).includes('"aws:SecureTransport":"false"'),
    );
    expect(denyInsecure.length).toBe(buckets.length);
  });
});

describe('mail intake', () => {
  it('stores gdpr@ mail in S3, then invokes intake asynchronously', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: Match.objectLike({
        Recipients: ['gdpr@example.com'],
        ScanEnabled: true,
        Actions: [
          Match.objectLike({ S3Action: Match.objectLike({ ObjectKeyPrefix: 'inbound/' }) }),
          Match.objectLike({ LambdaAction: Match.objectLike({ InvocationType: 'Event' }) }),
        ],
      }),
    });
  });
});

interface AslState {
  Type: string;
  Retry?: unknown[];
  Catch?: unknown[];
  Iterator?: { States: Record<string, AslState> };
  ItemProcessor?: { States: Record<string, AslState> };
  Branches?: { States: Record<string, AslState> }[];
}

function deployedDefinition(definitionString: unknown): { States: Record<string, AslState> } {
  return JSON.parse(String(definitionString));
}

/** Every state with the Catch that guards it: its own, or that of the Map or Parallel around it. */
function allStates(
  states: Record<string, AslState>,
  enclosingCatch?: unknown[],
): [string, AslState, unknown[] | undefined][] {
  return Object.entries(states).flatMap(([name, state]) => [
    [name, state, state.Catch ?? enclosingCatch] as [string, AslState, unknown[] | undefined],
    ...[state.Iterator, state.ItemProcessor, ...(state.Branches ?? [])].flatMap((m) =>
      m ? allStates(m.States, state.Catch ?? enclosingCatch) : [],
    ),
  ]);
}

describe('workflow', () => {
  it('deploys the state machine definition from the ASL file, with the function ARNs substituted', () => {
    const file = JSON.parse(readFileSync('statemachines/dsr.asl.json', 'utf8')) as {
      States: Record<string, unknown>;
    };
    const machine = Object.values(resourcesOf('AWS::StepFunctions::StateMachine'))[0];
    expect(machine?.Properties.StateMachineType).toBe('STANDARD');
    expect(machine?.Properties.DefinitionString).toBe(readFileSync('statemachines/dsr.asl.json', 'utf8'));
    const placeholders = new Set(String(machine?.Properties.DefinitionString).match(/\$\{\w+\}/g));
    const substitutions = Object.keys(machine?.Properties.DefinitionSubstitutions as object).map(
      (k) => `\${${k}}`,
    );
    expect(new Set(substitutions)).toEqual(placeholders);
    expect(Object.keys(file.States).length).toBeGreaterThan(0);
  });

  it('gives every Task state a Retry and every step but the failure marker a Catch', () => {
    const machine = Object.values(resourcesOf('AWS::StepFunctions::StateMachine'))[0];
    const deployed = deployedDefinition(machine?.Properties.DefinitionString);
    const tasks = allStates(deployed.States).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(1);
    for (const [name, state, guard] of tasks) {
      expect(state.Retry, `${name} retries`).toBeDefined();
      if (name !== 'MarkFailed') expect(guard, `${name} is caught`).toBeDefined();
    }
  });

  it('runs every Lambda on Node 22 arm64 with tracing', () => {
    const functions = Object.values(resourcesOf('AWS::Lambda::Function'));
    expect(functions.length).toBeGreaterThanOrEqual(4);
    for (const fn of functions.filter(
      (f) => f.Properties.Runtime !== undefined && !String(f.Properties.Handler).startsWith('__'),
    )) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
      });
    }
  });
});

describe('least privilege', () => {
  const policyOf = (logicalIdPrefix: string) => {
    const policies = Object.entries(resourcesOf('AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith(logicalIdPrefix),
    );
    return JSON.stringify(policies.map(([, p]) => p.Properties.PolicyDocument));
  };

  it("keeps every key out of the functions' configuration: they read their secrets at run time", () => {
    const functions = Object.values(resourcesOf('AWS::Lambda::Function'));
    const environments = JSON.stringify(functions.map((fn) => fn.Properties.Environment ?? {}));
    expect(environments).not.toContain('resolve:secretsmanager');
    expect(environments).toContain('SUBJECT_KEY_SECRET_ARN');
    // Only the functions that need a key may read it.
    const readers = Object.entries(resourcesOf('AWS::IAM::Policy'))
      .filter(([, p]) =>
        JSON.stringify(p.Properties.PolicyDocument).includes('secretsmanager:GetSecretValue'),
      )
      .map(([id]) => id.replace(/Role.*$/, ''))
      .sort();
    expect(readers).toEqual([
      'ApplyCorrections',
      'BuildPackage',
      'CollectStore',
      'ConsentApi',
      'DownloadPackage',
      'EraseStore',
      'HttpApi',
      // Each breach notice's audit event is keyed by the person's subject key.
      'IncidentsApi',
      'IntakeEmail',
      // Staff name the subject of a representative's request: its subject key.
      'StaffApi',
      'UpdateConsents',
      'VerifyErasure',
      // Its source counters are keyed by a keyed hash of the caller's address.
      'VerifyLink',
    ]);
  });

  it('reads where the stores are from the dataStores context, and refuses a typo at synth', () => {
    const json = '{"crm":{"table":"acme-crm"},"newsletter":{"authHeaderSecretName":"acme/newsletter-api"}}';
    expect(storeDeploymentsFromContext(json, DEMO_DATA_MAP)).toEqual({
      crm: { table: 'acme-crm' },
      newsletter: { authHeaderSecretName: 'acme/newsletter-api' },
    });
    expect(storeDeploymentsFromContext(undefined, DEMO_DATA_MAP)).toEqual({});
    expect(() => storeDeploymentsFromContext({ crn: { table: 'x' } }, DEMO_DATA_MAP)).toThrow(/crn/);
    expect(() => storeDeploymentsFromContext({ crm: { tabel: 'x' } }, DEMO_DATA_MAP)).toThrow(/tabel/);
    expect(() => storeDeploymentsFromContext({ crm: { timeoutMs: '5' } }, DEMO_DATA_MAP)).toThrow(/number/);
  });

  it("hands the connectors only where the stores are and the name of the API credential's secret", () => {
    const collect = Object.entries(resourcesOf('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('CollectStore'),
    );
    const environment = collect?.[1].Properties.Environment as
      | { Variables: Record<string, string> }
      | undefined;
    const variables = environment?.Variables ?? {};
    expect(JSON.parse(String(variables.DATA_STORES_JSON)).newsletter).toEqual({
      baseUrl: 'https://api.mail.example/v1',
      authHeaderSecret: 'acme/newsletter-api',
    });
    expect(policyOf('CollectStore')).toContain('secret:acme/newsletter-api-??????');
  });

  it('lets intake read only the inbound prefix and write requests, never delete them', () => {
    const intake = policyOf('IntakeEmail');
    expect(intake).toContain('inbound/*');
    expect(intake).toContain('dynamodb:PutItem');
    expect(intake).not.toContain('dynamodb:DeleteItem');
    expect(intake).not.toContain('dynamodb:*');
    expect(intake).toContain('states:StartExecution');
  });

  it('lets the reply step send mail from the domain identity, and no other step', () => {
    expect(policyOf('SendReply')).toContain('ses:SendEmail');
    expect(policyOf('SendReply')).toContain('identity/example.com');
    expect(policyOf('SetStatus')).not.toContain('ses:SendEmail');
  });

  it('lets the web form send mail (the acknowledgement of a submission held for staff) only as the mailbox', () => {
    expect(policyOf('HttpApi')).toContain('{"StringEquals":{"ses:FromAddress":"gdpr@example.com"}}');
  });

  it('lets intake send mail (staff alerts, triage acknowledgements) only as the mailbox', () => {
    expect(policyOf('IntakeEmail')).toContain('{"StringEquals":{"ses:FromAddress":"gdpr@example.com"}}');
  });

  it('lets intake move infected mail to quarantine, and delete nothing else', () => {
    const intake = policyOf('IntakeEmail');
    expect(intake).toContain('quarantine/*');
    expect(intake.match(/s3:DeleteObject/g)).toHaveLength(1);
  });

  it('gives the web form only the table calls it makes and the workflow start', () => {
    const form = policyOf('HttpApi');
    expect(form).toContain('states:StartExecution');
    expect(form).toContain('dynamodb:UpdateItem');
    expect(form).not.toContain('dynamodb:DeleteItem');
    expect(form).not.toContain('dynamodb:*');
    expect(form).not.toContain('s3:');
  });
});

describe('staff console', () => {
  it('puts every /api route behind the Cognito JWT authorizer', () => {
    const routes = Object.values(resourcesOf('AWS::ApiGatewayV2::Route'));
    const staffRoutes = routes.filter((r) => / \/api\//.test(String(r.Properties.RouteKey)));
    // Every staff route of the catalogue is deployed.
    expect(staffRoutes.length).toBe(API_ROUTES.filter((r) => r.path.startsWith('/api/')).length);
    for (const route of staffRoutes) expect(route.Properties.AuthorizationType).toBe('JWT');
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
  });

  it('signs staff in with Cognito: no self sign-up, MFA, the privacy-staff group, a PKCE client without a secret', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      UserPoolTier: 'PLUS',
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'privacy-staff' });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
    });
  });

  it('lets the console API update requests and complete tasks, but never delete anything', () => {
    const policies = Object.entries(resourcesOf('AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith('StaffApi'),
    );
    const staffApi = JSON.stringify(policies.map(([, p]) => p.Properties.PolicyDocument));
    expect(staffApi).toContain('states:SendTaskSuccess');
    expect(staffApi).toContain('dynamodb:UpdateItem');
    expect(staffApi).not.toContain('Delete');
    expect(staffApi).not.toContain('dynamodb:*');
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding', () => {
    // Validation plugins run at synthesis; a finding fails it with the rule and the resource.
    expect(() => app.synth({ force: true })).not.toThrow();
  });
});
