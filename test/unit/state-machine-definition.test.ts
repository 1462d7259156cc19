import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATE_MACHINE_FILE } from '../../infra/function-catalog';
import { type MapState, renderDefinition, type StateMachine, type TaskState } from '../../statemachines/asl';
import { DSR_STATE_MACHINE, FAILURE_PATH, STANDARD_RETRY } from '../../statemachines/dsr';

/** The definition CDK deploys and the local stack runs, checked against its source and its policies. */

const committed = readFileSync(path.resolve(import.meta.dirname, '../..', STATE_MACHINE_FILE), 'utf8');
const definition = JSON.parse(committed) as StateMachine;

interface TaskAt {
  name: string;
  state: TaskState;
  /** The Map the task runs in, if any: its Catch handles what the iteration does not. */
  map?: MapState;
}

function tasksOf(machine: StateMachine): TaskAt[] {
  const found: TaskAt[] = [];
  for (const [name, state] of Object.entries(machine.States)) {
    if (state.Type === 'Task') found.push({ name, state });
    if (state.Type !== 'Map') continue;
    for (const [inner, nested] of Object.entries(state.ItemProcessor.States))
      if (nested.Type === 'Task') found.push({ name: inner, state: nested, map: state });
  }
  return found;
}

const isLambda = (resource: string) =>
  /^\$\{\w+FunctionArn\}$/.test(resource) || resource.startsWith('arn:aws:states:::lambda:invoke');
const lambdaTasks = tasksOf(definition).filter((t) => isLambda(t.state.Resource));
const catchesAll = (catchers: { ErrorEquals: string[]; Next: string }[] | undefined, next: string) =>
  (catchers ?? []).some((c) => c.ErrorEquals.includes('States.ALL') && c.Next === next);

/** Marking the request failed and alerting staff: the states every error leads to. */
const FAILURE_STATES = ['MarkFailed', 'AlertStaff', 'MarkTimedOut', 'AlertTimedOut'];

describe('the state machine definition', () => {
  it('the committed dsr.asl.json is what the builder generates', () => {
    expect(
      committed,
      `${STATE_MACHINE_FILE} is stale: regenerate it with npm run generate:state-machine`,
    ).toBe(renderDefinition(DSR_STATE_MACHINE));
  });

  it('has Lambda tasks to check, top-level and inside Maps', () => {
    expect(lambdaTasks.length).toBeGreaterThan(25);
    expect(lambdaTasks.some((t) => t.map)).toBe(true);
  });

  it('every Lambda task retries a failed invocation with the standard retry, but those that retry their own way', () => {
    const ownWay = lambdaTasks.filter((t) => !(t.state.Retry ?? []).some((r) => isStandard(r)));
    // The failure marks retry any error for longer; a verification that finds leftovers is not repeated.
    expect(ownWay.map((t) => t.name).sort()).toEqual(['MarkFailed', 'MarkTimedOut', 'VerifyErasure']);
    for (const { state } of ownWay) expect(state.Retry?.length).toBeGreaterThan(0);
  });

  it('every Lambda task outside the failure path catches any error into it, itself or through its Map', () => {
    const uncaught = lambdaTasks
      .filter((t) => !FAILURE_STATES.includes(t.name))
      .filter((t) => !catchesAll(t.map ? t.map.Catch : t.state.Catch, FAILURE_PATH))
      .map((t) => t.name);
    expect(uncaught).toEqual([]);
  });

  it('a step of the failure path that fails still goes on along it, to the staff alert and the Fail state', () => {
    for (const name of FAILURE_STATES.filter((n) => n !== FAILURE_PATH)) {
      const state = definition.States[name] as TaskState;
      expect(catchesAll(state.Catch, state.Next ?? ''), name).toBe(true);
    }
    expect((definition.States.AlertStaff as TaskState).Next).toBe('Failed');
    expect(definition.States.Failed?.Type).toBe('Fail');
  });

  it('every callback task has an explicit timeout, and its timeout is caught by itself or its Map', () => {
    const callbacks = lambdaTasks.filter((t) => t.state.Resource.endsWith('.waitForTaskToken'));
    expect(callbacks.length).toBeGreaterThan(0);
    for (const { name, state, map } of callbacks) {
      expect(state.TimeoutSeconds, name).toBeTypeOf('number');
      const catchers = [...(state.Catch ?? []), ...(map?.Catch ?? [])];
      expect(
        catchers.some((c) => c.ErrorEquals.includes('States.Timeout')),
        name,
      ).toBe(true);
    }
  });
});

function isStandard(retrier: object): boolean {
  return JSON.stringify(retrier) === JSON.stringify(STANDARD_RETRY);
}
