import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { STATE_MACHINE_FILE } from '../function-catalog';
import { REPO_ROOT } from './privacy-desk-function';

export interface WorkflowProps {
  /** `${Placeholder}` in the ASL file → the function its Task states invoke. */
  readonly stepFunctions: Record<string, lambda.IFunction>;
}

/** The DSR state machine, deployed from the very ASL file the local stack runs. */
export class Workflow extends Construct {
  public readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
    const definition = readFileSync(path.join(REPO_ROOT, STATE_MACHINE_FILE), 'utf8');
    // Only the functions the definition names are substituted, and only they may be invoked.
    const used = new Set([...definition.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1] ?? ''));
    const missing = [...used].filter((placeholder) => !props.stepFunctions[placeholder]);
    if (missing.length > 0) throw new Error(`no function for ${missing.join(', ')} in ${STATE_MACHINE_FILE}`);
    const stepFunctions = Object.entries(props.stepFunctions).filter(([placeholder]) =>
      used.has(placeholder),
    );
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      // Inline rather than an S3 asset: the template shows the deployed definition, byte for byte the file.
      definitionBody: sfn.DefinitionBody.fromString(definition),
      definitionSubstitutions: Object.fromEntries(
        stepFunctions.map(([placeholder, fn]) => [placeholder, fn.functionArn]),
      ),
      tracingEnabled: true,
      // Execution data stays out of the logs: inputs carry ids only, but outputs could grow.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    for (const [, fn] of stepFunctions) fn.grantInvoke(this.stateMachine);
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing and CloudWatch log delivery accept no narrower resource.',
    });
  }
}
