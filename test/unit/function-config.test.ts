import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { FunctionConfig } from '../../functions/adapters/config';
import {
  forgetParsedConfigurations,
  functionConfig,
  numberOr,
  optional,
  required,
} from '../../functions/adapters/config';
import { ConfigurationError } from '../../functions/core/errors';
import { FUNCTIONS, type FunctionName } from '../../infra/function-catalog';
import { invokeAsLambda } from '../../local/lambda-runtime';

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

async function configOf(name: FunctionName): Promise<FunctionConfig<Record<string, z.ZodMiniType>>> {
  const module = (await import(pathToFileURL(path.join(REPO_ROOT, FUNCTIONS[name].entry)).href)) as {
    config?: FunctionConfig<Record<string, z.ZodMiniType>>;
  };
  if (!module.config) throw new Error(`${FUNCTIONS[name].entry} exports no config`);
  return module.config;
}

const setVariables: string[] = [];
function setVariable(name: string, value: string): void {
  process.env[name] = value;
  setVariables.push(name);
}
afterEach(() => {
  for (const name of setVariables.splice(0)) delete process.env[name];
});

describe('function configuration', () => {
  const names = Object.keys(FUNCTIONS) as FunctionName[];

  it.each(names)(
    '%s reads only variables its catalogue entry gives it, or tuning with a default',
    async (name) => {
      const { schema } = await configOf(name);
      const given: readonly string[] = FUNCTIONS[name].variables;
      for (const [variable, field] of Object.entries(schema)) {
        if (given.includes(variable)) continue;
        // The deploy leaves it unset, so the function must run without it.
        expect(
          z.safeParse(field, undefined).success,
          `${name} needs ${variable}, not in its catalogue entry`,
        ).toBe(true);
      }
    },
  );

  it.each(names)('%s is given no variable its configuration does not read', async (name) => {
    // An unread variable is a value (and often a grant beside it) a function does not need.
    const read = Object.keys((await configOf(name)).schema);
    expect(FUNCTIONS[name].variables.filter((variable) => !read.includes(variable))).toEqual([]);
  });

  it('parses once, at first use, and fails naming the missing variable', () => {
    const config = functionConfig({
      PD_TEST_TABLE: required(),
      PD_TEST_LIMIT: numberOr(5),
      PD_TEST_NOTE: optional(),
    });
    expect(() => config()).toThrow(new ConfigurationError('missing environment variable PD_TEST_TABLE'));
    setVariable('PD_TEST_TABLE', 'requests');
    setVariable('PD_TEST_LIMIT', '7');
    expect(config()).toEqual({ PD_TEST_TABLE: 'requests', PD_TEST_LIMIT: 7 });
    process.env.PD_TEST_TABLE = 'changed later';
    expect(config().PD_TEST_TABLE).toBe('requests');
    // A new deployment (the local stack restarted) parses again.
    forgetParsedConfigurations();
    expect(config().PD_TEST_TABLE).toBe('changed later');
  });

  it('names a variable that is set but malformed', () => {
    setVariable('PD_TEST_LIMIT', 'many');
    const config = functionConfig({ PD_TEST_LIMIT: numberOr(5) });
    expect(() => config()).toThrow(/environment variable PD_TEST_LIMIT is not valid/);
  });
});

describe('the local runtime gives each function only its own variables', () => {
  /** A handler that reads the state machine's ARN: StaffApi is given it, SetStatus is not. */
  const readsStateMachine = () => {
    const config = functionConfig({ STATE_MACHINE_ARN: required() });
    return async () => ({ arn: config().STATE_MACHINE_ARN });
  };

  it('fails a handler that reads a variable outside its catalogue list, as on AWS', async () => {
    setVariable('STATE_MACHINE_ARN', 'arn:aws:states:eu-west-1:000000000000:stateMachine:local');
    await expect(invokeAsLambda(readsStateMachine(), {}, 'SetStatus')).rejects.toThrow(
      'missing environment variable STATE_MACHINE_ARN',
    );
    await expect(invokeAsLambda(readsStateMachine(), {}, 'StaffApi')).resolves.toEqual({
      arn: 'arn:aws:states:eu-west-1:000000000000:stateMachine:local',
    });
  });

  it('keeps functions apart while their invocations interleave', async () => {
    setVariable('STATE_MACHINE_ARN', 'arn:local');
    const seen = (name: FunctionName) =>
      invokeAsLambda<string | null>(
        async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return process.env.STATE_MACHINE_ARN ?? null;
        },
        {},
        name,
      );
    const [setStatus, staffApi, intake] = await Promise.all([
      seen('SetStatus'),
      seen('StaffApi'),
      seen('IntakeEmail'),
    ]);
    expect({ setStatus, staffApi, intake }).toEqual({
      setStatus: null,
      staffApi: 'arn:local',
      intake: 'arn:local',
    });
    expect(process.env.STATE_MACHINE_ARN).toBe('arn:local');
    // The stack (re)starting sets the environment again: plain assignments still work.
    Object.assign(process.env, { STATE_MACHINE_ARN: 'arn:restarted' });
    expect(process.env.STATE_MACHINE_ARN).toBe('arn:restarted');
  });
});
