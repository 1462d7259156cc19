import { createHash } from 'node:crypto';
import path from 'node:path';
import { dynamo } from '../../functions/adapters/clients/dynamodb';
import { s3 } from '../../functions/adapters/clients/s3';
import { secretsManager } from '../../functions/adapters/clients/secrets-manager';
import { ses } from '../../functions/adapters/clients/ses';
import { stepFunctions } from '../../functions/adapters/clients/sfn';
import { FUNCTIONS, STACK_NAME } from '../../infra/function-catalog';
import { beforeInvocation } from '../lambda-runtime';
import { denialMessage, IamEnforcement } from './enforcement';
import { evaluate } from './policy-evaluator';
import { cachedTemplate } from './synthesized-template';
import { type IamModel, iamModelFromTemplate } from './template-model';
import { USAGE_FILE, UsageRecorder } from './usage';

export interface LocalIamOptions {
  readonly dataDir: string;
  readonly mailDomain: string;
  readonly region: string;
  readonly account: string;
  /** Local physical names by construct path (tables, buckets, secret ARNs, the state machine ARN). */
  readonly byPath: Readonly<Record<string, string>>;
  readonly stateMachineArn: string;
  readonly log: (line: string) => void;
}

export interface LocalIam {
  readonly model: IamModel;
  /**
   * Puts the check on the handlers' SDK clients before each invocation: the clients are built on
   * first use, once the environment (endpoints included) is complete, and not before.
   */
  checkInvocations(): void;
  /**
   * Enforces the policy as if the template lacked this grant (an action of one function), until
   * the returned function restores it: tests prove a step fails without the grant it needs.
   */
  withoutGrant(functionName: string, action: string): () => void;
  /** `invoke`, called by the state machine only if its role may invoke the function `arn`. */
  invokedByStateMachine<T>(
    arn: string,
    invoke: (event: unknown) => Promise<T>,
  ): (event: unknown) => Promise<T>;
  stop(): void;
}

/**
 * Secrets Manager authorizes a secret by its complete ARN, which ends in six characters it adds
 * to the name; the local stack's own secrets are known by the ARN the stack hands the handlers.
 */
export function completeSecretArn(region: string, account: string, known: readonly string[]) {
  return (secretId: string): string => {
    if (known.includes(secretId) || secretId.startsWith('arn:')) return secretId;
    const suffix = createHash('sha256').update(secretId).digest('base64url').slice(0, 6);
    return `arn:aws:secretsmanager:${region}:${account}:secret:${secretId}-${suffix}`;
  };
}

/** The name the state machine's own checks are recorded under. */
export const STATE_MACHINE_USAGE = 'StateMachine';

/** The model with one action taken out of every Allow statement of one function. */
export function withoutAction(model: IamModel, functionName: string, action: string): IamModel {
  const principal = model.functions[functionName];
  if (!principal) throw new Error(`no function ${functionName}`);
  const statements = principal.statements.flatMap((statement) => {
    if (statement.Effect !== 'Allow') return [statement];
    const actions = typeof statement.Action === 'string' ? [statement.Action] : [...(statement.Action ?? [])];
    const kept = actions.filter((a) => a.toLowerCase() !== action.toLowerCase());
    return kept.length === 0 ? [] : [{ ...statement, Action: kept }];
  });
  return { ...model, functions: { ...model.functions, [functionName]: { ...principal, statements } } };
}

/** The role policies of the deploy's template, resolved to the local stack's resources. */
export async function localIamModel(
  naming: Pick<LocalIamOptions, 'mailDomain' | 'region' | 'account' | 'byPath'>,
  log: (line: string) => void = () => undefined,
): Promise<IamModel> {
  const { template, cached, ms } = await cachedTemplate({
    mailDomain: naming.mailDomain,
    region: naming.region,
  });
  log(
    `IAM policies from the synthesized template (${cached ? 'cached' : 'synthesized'}, ${Math.round(ms)} ms)`,
  );
  return iamModelFromTemplate(template, {
    stackName: STACK_NAME,
    region: naming.region,
    account: naming.account,
    byPath: naming.byPath,
    functionNames: Object.keys(FUNCTIONS),
  });
}

/** The local stack's IAM: the deploy's role policies, enforced on every handler's SDK calls. */
export async function startLocalIam(options: LocalIamOptions): Promise<LocalIam> {
  const model = await localIamModel(options, options.log);
  const usage = new UsageRecorder(path.join(options.dataDir, USAGE_FILE));
  const secretArns = Object.values(options.byPath).filter((name) => name.includes(':secretsmanager:'));
  const resources = {
    region: options.region,
    account: options.account,
    bucketKeys: model.bucketKeys,
    secretKeys: model.secretKeys,
    secretArn: completeSecretArn(options.region, options.account, secretArns),
    stateMachineArn: options.stateMachineArn,
  };
  const enforcement = new IamEnforcement(model, resources, usage, options.log);
  const attach = () => {
    for (const client of [dynamo(), s3(), ses(), secretsManager(), stepFunctions()])
      enforcement.attach(client);
  };
  return {
    model,
    checkInvocations: () => beforeInvocation.add(attach),
    invokedByStateMachine: (arn, invoke) => async (event) => {
      const role = model.stateMachine;
      if (!role) throw new Error('no state machine in the synthesized template');
      const check = { action: 'lambda:InvokeFunction', resource: arn };
      const decision = evaluate(role.statements, check);
      usage.record(STATE_MACHINE_USAGE, check.action, check.resource, decision);
      if (decision !== 'allow') {
        options.log(`IAM: the state machine may not invoke ${arn} (${decision})`);
        throw Object.assign(
          new Error(denialMessage({ check, decision, principalArn: role.principalArn }, 'LambdaClient')),
          {
            name: 'AccessDeniedException',
          },
        );
      }
      return invoke(event);
    },
    withoutGrant: (functionName, action) => {
      enforcement.usePolicies(withoutAction(model, functionName, action));
      return () => enforcement.usePolicies(model);
    },
    stop: () => {
      beforeInvocation.delete(attach);
      usage.close();
    },
  };
}
