import { ArnFormat, type CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { PrivacyDeskFunction } from './privacy-desk-function';
import type { StaffSignIn } from './staff-sign-in';

export interface StaffConsoleProps {
  /** The console API function (functions/staff-api.ts). */
  readonly apiFunction: PrivacyDeskFunction;
  /** The function that parses a request's mails to text (functions/staff-messages.ts). */
  readonly messagesFunction: PrivacyDeskFunction;
  /** The function serving the console's static files (functions/staff-console.ts). */
  readonly consoleFunction: PrivacyDeskFunction;
  readonly signIn: StaffSignIn;
  /** The HTTP API's endpoint: the console lives at `<endpoint>/console`. */
  readonly apiEndpoint: string;
  readonly requestsTable: dynamodb.ITable;
  /** Read for the request page: the subject's consents and their history. */
  readonly consentsTable: dynamodb.ITable;
  readonly key: kms.IKey;
  readonly inboundBucket: s3.IBucket;
  /** Key prefixes of raw mail the console may read (inbound and quarantine). */
  readonly rawMailPrefixes: readonly string[];
  readonly stateMachine: sfn.IStateMachine;
  /** The statement that lets a function send mail, as the privacy mailbox only. */
  readonly sending: iam.PolicyStatement;
  readonly staffAddress: string;
}

/**
 * The staff console on AWS, served through the HTTP API: the page and its API share one origin,
 * so no CORS, one set of security headers, and no extra bucket or distribution to secure for a
 * few users. This construct gives the two functions their settings and exactly the calls they make.
 */
export class StaffConsole extends Construct {
  constructor(scope: Construct, id: string, props: StaffConsoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const api = props.apiFunction.function;
    props.signIn.allowConsoleAt(props.apiEndpoint);
    for (const [name, value] of Object.entries(props.signIn.consoleEnvironment())) {
      props.consoleFunction.function.addEnvironment(name, value);
    }
    api.addEnvironment('STATE_MACHINE_ARN', props.stateMachine.stateMachineArn);
    api.addEnvironment('STAFF_ADDRESS', props.staffAddress);

    const allow = (actions: string[], resources: string[]) =>
      api.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
    const table = props.requestsTable.tableArn;
    // Reads for the queue and the request page; conditional writes for actions, tasks and audit events.
    allow(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], [table]);
    allow(['dynamodb:Query'], [`${table}/index/byStatus`]);
    api.addEnvironment('CONSENTS_TABLE', props.consentsTable.tableName);
    allow(['dynamodb:GetItem', 'dynamodb:Query'], [props.consentsTable.tableArn]);
    allow(['kms:Decrypt', 'kms:GenerateDataKey'], [props.key.keyArn]);
    api.addToRolePolicy(props.sending);
    allow(['states:SendTaskSuccess', 'states:SendTaskFailure'], [props.stateMachine.stateMachineArn]);
    allow(['states:StartExecution'], [props.stateMachine.stateMachineArn]);
    const executions = stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stack.splitArn(props.stateMachine.stateMachineArn, ArnFormat.COLON_RESOURCE_NAME).resourceName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    allow(['states:StopExecution', 'states:DescribeExecution'], [executions]);

    // The message reader: the request, its events, and the raw mail objects; nothing else.
    const reader = props.messagesFunction.function;
    const allowReader = (actions: string[], resources: string[]) =>
      reader.addToRolePolicy(new iam.PolicyStatement({ actions, resources }));
    allowReader(['dynamodb:GetItem', 'dynamodb:Query'], [table]);
    allowReader(['kms:Decrypt'], [props.key.keyArn]);
    allowReader(
      ['s3:GetObject'],
      props.rawMailPrefixes.map((p) => props.inboundBucket.arnForObjects(`${p}*`)),
    );
    // A mail moved to quarantine is looked for under both prefixes: 404 (not 403) needs listing.
    reader.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [props.inboundBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': props.rawMailPrefixes.map((p) => `${p}*`) } },
      }),
    );

    // cdk-nag names each wildcard resource by the logical ids it refers to.
    const logicalId = (construct: Construct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
    const concrete = (value: string, pseudo: string) =>
      Token.isUnresolved(value) ? `<AWS::${pseudo}>` : value;
    const findings = Validations.of(props.apiFunction);
    for (const prefix of props.rawMailPrefixes) {
      Validations.of(props.messagesFunction).acknowledge({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(props.inboundBucket)}.Arn>/${prefix}*]`,
        reason: `The request page shows the original mail and replies, stored under ${prefix} with names SES chooses.`,
      });
    }
    findings.acknowledge({
      id:
        `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${concrete(stack.region, 'Region')}:` +
        `${concrete(stack.account, 'AccountId')}:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId(props.stateMachine)}"}]}]}:*]`,
      reason:
        'Cancel and retry stop or describe executions of this state machine only; their names are request ids.',
    });
  }
}
