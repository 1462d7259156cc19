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

/** Runs `work` as the function `name` runs on Lambda: its SDK calls are made with its role. */
export function runAsFunction<T>(name: FunctionName, work: () => Promise<T>): Promise<T> {
  for (const hook of beforeInvocation) hook();
  return invocationScope.run({ functionName: name }, work);
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
