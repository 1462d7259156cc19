/**
 * IAM policy evaluation for one principal's identity-based policies, as AWS does it for the
 * actions this project calls: an explicit Deny wins, then any Allow, else the implicit deny.
 * Small on purpose, and strict: an action, condition operator or condition key it does not know
 * is an error, never an allow, so a policy it cannot judge cannot pass unnoticed.
 */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
  readonly Principal?: unknown;
}

/** One authorization question: may the principal do `action` on `resource`, given these keys? */
export interface AuthorizationRequest {
  readonly action: string;
  readonly resource: string;
  /** Condition keys of the request (`s3:prefix`, `ses:FromAddress`, …); a list for multivalued keys. */
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

/** The policy or the request holds something this evaluator cannot judge exactly. */
export class UnsupportedPolicyError extends Error {
  override readonly name = 'UnsupportedPolicyError';
}

/** The actions the project's functions and state machine perform, which the evaluator judges. */
export const EVALUATED_ACTIONS: ReadonlySet<string> = new Set([
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
  'kms:Decrypt',
  'kms:GenerateDataKey',
  'lambda:InvokeFunction',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:GetObject',
  's3:ListBucket',
  's3:ListBucketVersions',
  's3:PutObject',
  'secretsmanager:GetSecretValue',
  'ses:SendEmail',
  'states:DescribeExecution',
  'states:SendTaskFailure',
  'states:SendTaskSuccess',
  'states:StartExecution',
  'states:StopExecution',
]);

/** Condition keys the evaluator can be asked about; any other key in a matching statement fails. */
export const EVALUATED_CONDITION_KEYS: ReadonlySet<string> = new Set([
  's3:prefix',
  'ses:FromAddress',
  'ses:FromDisplayName',
  'ses:Recipients',
  'ses:ApiVersion',
]);

const list = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

const escapeRegExp = (text: string) => text.replace(/[.+^${}()|[\]\\]/g, '\\$&');

/** IAM wildcards: `*` any run of characters, `?` exactly one; everything else literal. */
export function wildcardMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = `^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : escapeRegExp(c))).join('')}$`;
  return new RegExp(source, ignoreCase ? 'is' : 's').test(value);
}

const actionMatches = (patterns: readonly string[], action: string) =>
  patterns.some((pattern) => wildcardMatches(pattern, action, true));

const resourceMatches = (patterns: readonly string[], resource: string) =>
  patterns.some((pattern) => {
    if (pattern.includes('${'))
      throw new UnsupportedPolicyError(`policy variables are not evaluated: ${pattern}`);
    return wildcardMatches(pattern, resource);
  });

type Operator = (values: readonly string[], requested: readonly string[] | undefined) => boolean;

// A key the request lacks fails every positive operator and passes every negated one.
const OPERATORS: Readonly<Record<string, Operator>> = {
  StringEquals: (values, requested) => !!requested?.some((r) => values.includes(r)),
  StringNotEquals: (values, requested) => !requested?.some((r) => values.includes(r)),
  StringLike: (values, requested) => !!requested?.some((r) => values.some((v) => wildcardMatches(v, r))),
  StringNotLike: (values, requested) => !requested?.some((r) => values.some((v) => wildcardMatches(v, r))),
  ArnEquals: (values, requested) => !!requested?.some((r) => values.includes(r)),
  ArnLike: (values, requested) => !!requested?.some((r) => values.some((v) => wildcardMatches(v, r))),
};

function conditionsHold(statement: PolicyStatement, request: AuthorizationRequest): boolean {
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    const test = OPERATORS[operator];
    if (!test) throw new UnsupportedPolicyError(`condition operator ${operator} is not evaluated`);
    for (const [key, values] of Object.entries(keys)) {
      if (!EVALUATED_CONDITION_KEYS.has(key))
        throw new UnsupportedPolicyError(`condition key ${key} is not evaluated`);
      const requested = request.context?.[key];
      if (!test(list(values), requested === undefined ? undefined : list(requested))) return false;
    }
  }
  return true;
}

function applies(statement: PolicyStatement, request: AuthorizationRequest): boolean {
  if (statement.Principal !== undefined)
    throw new UnsupportedPolicyError('a statement with a Principal is not an identity-based policy');
  if (statement.NotAction !== undefined || statement.NotResource !== undefined)
    throw new UnsupportedPolicyError('NotAction and NotResource are not evaluated');
  if (!actionMatches(list(statement.Action), request.action)) return false;
  if (!resourceMatches(list(statement.Resource), request.resource)) return false;
  return conditionsHold(statement, request);
}

export function evaluate(statements: readonly PolicyStatement[], request: AuthorizationRequest): Decision {
  if (!EVALUATED_ACTIONS.has(request.action))
    throw new UnsupportedPolicyError(`the action ${request.action} is not evaluated locally`);
  let allowed = false;
  for (const statement of statements) {
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')
      throw new UnsupportedPolicyError(`statement effect ${String(statement.Effect)}`);
    if (!applies(statement, request)) continue;
    if (statement.Effect === 'Deny') return 'explicit-deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}
