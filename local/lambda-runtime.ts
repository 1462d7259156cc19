import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionName } from '../infra/function-catalog';

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** A Lambda context good enough for handlers that read the request id and the remaining time. */
export function lambdaContext(functionName: string, timeoutMs = 60_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(functionName),
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function localFunctionArn(name: string): string {
  return `arn:aws:lambda:${process.env.AWS_REGION ?? 'eu-west-1'}:000000000000:function:${name}`;
}

/** Invocations and their milliseconds per function, since the process started (bench/cost-model.ts). */
export const invocationStats: Record<string, { count: number; ms: number }> = {};

function counted(name: string, invoke: (event: unknown) => Promise<unknown>) {
  return async (event: unknown) => {
    invocationStats[name] ??= { count: 0, ms: 0 };
    const stats = invocationStats[name];
    stats.count += 1;
    const started = performance.now();
    try {
      return await invoke(event);
    } finally {
      stats.ms += performance.now() - started;
    }
  };
}

/**
 * Which function is running: every SDK call made inside an invocation is checked against that
 * function's role (local/iam/enforcement.ts), as AWS checks it against the role Lambda assumed.
 */
export const invocationScope = new AsyncLocalStorage<{ readonly functionName: FunctionName }>();

/** Run before each invocation (the local stack puts its IAM check on clients the handlers build). */
export const beforeInvocation = new Set<() => void>();

/** Runs `work` as the function `name` runs on Lambda: with its role and only its own variables. */
export function runAsFunction<T>(name: FunctionName, work: () => Promise<T>): Promise<T> {
  for (const hook of beforeInvocation) hook();
  giveEachFunctionItsOwnVariables();
  return invocationScope.run({ functionName: name }, work);
}

/** Every variable the catalogue gives to some function. */
const CATALOGUE_VARIABLES: ReadonlySet<string> = new Set(
  Object.values(FUNCTIONS).flatMap((spec): readonly string[] => spec.variables),
);

let environmentScoped = false;

/**
 * On Lambda each function has its own environment; here all functions share one process, and a
 * function's cold start (the first use of its configuration) happens inside its first invocation,
 * which may interleave with other functions' invocations at every await. So the environment is
 * scoped per invocation rather than swapped around it: `process.env` becomes a view that, inside
 * an invocation (the async context `invocationScope` follows through every await), hides each
 * catalogue variable the running function is not given. Endpoints, region, credentials and tuning
 * knobs are no catalogue variables and stay visible, as the wiring that differs locally. Outside
 * invocations (the stack itself, tests, commands) the view shows everything.
 */
function giveEachFunctionItsOwnVariables(): void {
  if (environmentScoped) return;
  environmentScoped = true;
  const hidden = (key: string | symbol): boolean => {
    const scope = invocationScope.getStore();
    if (!scope || typeof key !== 'string' || !CATALOGUE_VARIABLES.has(key)) return false;
    const spec = (FUNCTIONS as Record<string, { variables: readonly string[] }>)[scope.functionName];
    return spec !== undefined && !spec.variables.includes(key);
  };
  process.env = new Proxy(process.env, {
    get: (target, key) => (hidden(key) ? undefined : Reflect.get(target, key)),
    // Node's environment object takes plain assignments only, not a proxy's defineProperty.
    set: (target, key, value) => Reflect.set(target, key, value),
    has: (target, key) => !hidden(key) && Reflect.has(target, key),
    ownKeys: (target) => Reflect.ownKeys(target).filter((key) => !hidden(key)),
    getOwnPropertyDescriptor: (target, key) =>
      hidden(key) ? undefined : Reflect.getOwnPropertyDescriptor(target, key),
  });
}

/**
 * Calls a handler as Lambda does, as the catalogue function `name` (whose role its calls get):
 * a JSON copy of the event in, a JSON copy of the result out.
 */
export async function invokeAsLambda<T = unknown>(
  handler: unknown,
  event: unknown,
  name: FunctionName,
): Promise<T> {
  const run = handler as LambdaHandler;
  const result = await runAsFunction(name, () =>
    run(JSON.parse(JSON.stringify(event ?? null)), lambdaContext(name)),
  );
  return (result === undefined ? null : JSON.parse(JSON.stringify(result))) as T;
}

/** Loads the very entry files CDK bundles, and invokes them as Lambda would: JSON in, JSON out. */
export async function loadHandlers(): Promise<Record<FunctionName, (event: unknown) => Promise<unknown>>> {
  const entries = await Promise.all(
    (Object.keys(FUNCTIONS) as FunctionName[]).map(async (name) => {
      const module = (await import(pathToFileURL(path.join(REPO_ROOT, FUNCTIONS[name].entry)).href)) as {
        handler: LambdaHandler;
      };
      const invoke = (event: unknown) => invokeAsLambda(module.handler, event, name);
      return [name, counted(name, invoke)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<FunctionName, (event: unknown) => Promise<unknown>>;
}
