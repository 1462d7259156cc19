import * as z from 'zod/mini';
import { ConfigurationError } from '../core/errors';

type Shape = Record<string, z.ZodMiniType>;

/** A function's configuration: parsed from its environment on first use, then kept for the process. */
export interface FunctionConfig<S extends Shape> {
  (): z.output<z.ZodMiniObject<S>>;
  /** The environment variables the function reads, by name (checked against the function catalogue). */
  readonly schema: S;
}

const parsedConfigurations = new Set<() => void>();

/**
 * Forgets every parsed configuration, so each function's next use parses its environment again,
 * as after a new deployment on AWS (the local stack on a restart, whose stores may have moved).
 */
export function forgetParsedConfigurations(): void {
  for (const forget of parsedConfigurations) forget();
}

/**
 * Declares a handler's configuration as a schema over its environment variables. The first call
 * (the cold start's first invocation) reads `process.env` once and fails fast, naming each missing
 * or malformed variable; later calls return the same object. An empty variable counts as unset.
 */
export function functionConfig<S extends Shape>(schema: S): FunctionConfig<S> {
  const object = z.object(schema);
  let parsed: z.output<typeof object> | undefined;
  parsedConfigurations.add(() => {
    parsed = undefined;
  });
  const config = () => {
    if (parsed) return parsed;
    const environment: Record<string, string> = {};
    for (const name of Object.keys(schema)) {
      const value = process.env[name];
      if (value !== undefined && value !== '') environment[name] = value;
    }
    const result = z.safeParse(object, environment);
    if (!result.success) {
      const problems = result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '(environment)');
        return environment[name] === undefined
          ? `missing environment variable ${name}`
          : `environment variable ${name} is not valid (${issue.message})`;
      });
      throw new ConfigurationError(problems.join('; '));
    }
    parsed = result.data;
    return parsed;
  };
  return Object.assign(config, { schema });
}

/** A variable the function cannot run without. */
export const required = () => z.string();

/** A tuning knob the deploy may leave unset: a number with its default. */
export const numberOr = (fallback: number) => z._default(z.coerce.number(), fallback);

/** A variable the function can do without: `undefined` when unset. */
export const optional = () => z.optional(z.string());
