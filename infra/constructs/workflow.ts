import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type CfnElement, Lazy, Stack, Validations } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { STATE_MACHINE_FILE } from '../function-catalog';
import { type PrivacyDeskFunction, REPO_ROOT } from './privacy-desk-function';

/**
 * The DSR state machine, deployed from the very ASL file the local stack runs. Its Task states
 * name their functions by `${Placeholder}`; each step function is bound with `bindStep` once the
 * construct that owns it has created it, and the synth fails while a placeholder has none.
 */
export class Workflow extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  private readonly steps = new Map<string, PrivacyDeskFunction>();
  private readonly placeholders: readonly string[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
    const definition = readFileSync(path.join(REPO_ROOT, STATE_MACHINE_FILE), 'utf8');
    const placeholders = [...new Set([...definition.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1] ?? ''))];
    this.placeholders = placeholders;
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      // Inline rather than an S3 asset: the template shows the deployed definition, byte for byte the file.
      definitionBody: sfn.DefinitionBody.fromString(definition),
      definitionSubstitutions: Object.fromEntries(
        placeholders.map((placeholder) => [
          placeholder,
          Lazy.string({ produce: () => this.steps.get(placeholder)?.function.functionArn }),
        ]),
      ),
      tracingEnabled: true,
      // Execution data stays out of the logs: inputs carry ids only, but outputs could grow.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.node.addValidation({
      validate: () => {
        const missing = placeholders.filter((placeholder) => !this.steps.has(placeholder));
        return missing.length > 0 ? [`no function for ${missing.join(', ')} in ${STATE_MACHINE_FILE}`] : [];
      },
    });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray tracing and CloudWatch log delivery accept no narrower resource.',
    });
  }

  /**
   * The function a Task state invokes through the catalogue's `aslPlaceholder`: substituted into
   * the definition, and the only functions the state machine may invoke. A function the
   * definition does not name is left out.
   */
  bindStep(fn: PrivacyDeskFunction): void {
    const placeholder = fn.spec.aslPlaceholder;
    if (!placeholder || !this.placeholders.includes(placeholder)) return;
    this.steps.set(placeholder, fn);
    fn.function.grantInvoke(this.stateMachine);
    const functionId = Stack.of(this).getLogicalId(fn.function.node.defaultChild as CfnElement);
    Validations.of(this).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${functionId}.Arn>:*]`,
      reason: 'The state machine may invoke any version of its own step functions.',
    });
  }
}
