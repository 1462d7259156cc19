import path from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_OPTIONS } from '../bundling';
import type { FunctionSpec } from '../function-catalog';

export interface PrivacyDeskFunctionProps {
  readonly spec: FunctionSpec;
  /** Log retention (default: 90 days; logs hold no personal data, but ids for a quarter). */
  readonly logRetention?: logs.RetentionDays;
  readonly environment?: Record<string, string>;
}

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Extra files for a bundle: the spec's commands, run after esbuild with the directories filled in. */
const afterBundling = (commands: readonly string[]) => ({
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir: string, outputDir: string) =>
    commands.map((c) => c.replaceAll('{inputDir}', inputDir).replaceAll('{outputDir}', outputDir)),
});

/** A Lambda with the team's defaults: Node 22 on arm64, local esbuild, own log group, tracing. */
export class PrivacyDeskFunction extends Construct {
  public readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: PrivacyDeskFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    // Its own role, without AWSLambdaBasicExecutionRole (log writes to every log group of the
    // account): it may write to this function's log group and nowhere else.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Privacy Desk ${id}: exactly the calls its handler makes`,
    });
    logGroup.grantWrite(role);
    this.function = new NodejsFunction(this, 'Function', {
      role,
      entry: path.join(REPO_ROOT, props.spec.entry),
      handler: 'handler',
      description: props.spec.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.spec.memoryMb ?? 512,
      timeout: Duration.seconds(props.spec.timeoutSeconds ?? 30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: props.environment,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        ...BUNDLE_OPTIONS,
        mainFields: [...BUNDLE_OPTIONS.mainFields],
        forceDockerBundling: false,
        ...(props.spec.afterBundling ? { commandHooks: afterBundling(props.spec.afterBundling) } : {}),
      },
    });
    const findings = Validations.of(this);
    findings.acknowledge({
      id: 'AwsSolutions::AwsSolutions-L1',
      reason:
        'Pinned to nodejs22.x, the major version the test suite and local stack run on; upgrades are tested changes.',
    });
    findings.acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing (PutTraceSegments, PutTelemetryRecords) accepts no narrower resource.',
    });
  }
}
