import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalStepFunctions } from '../../local/step-functions';

const WORK = 'arn:aws:lambda:eu-north-1:000000000000:function:work';
const OPEN = 'arn:aws:lambda:eu-north-1:000000000000:function:open';

// A Map whose iterations do what the DSR workflow's collection does: one waits for staff, one is
// retried with a long backoff, one fails for good, and one waits for a free slot.
const definition = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrency: 3,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: WORK,
            Retry: [{ ErrorEquals: ['FlakyError'], IntervalSeconds: 30, MaxAttempts: 2 }],
            Next: 'NeedsPerson',
          },
          NeedsPerson: {
            Type: 'Choice',
            Choices: [{ Variable: '$.manual', BooleanEquals: true, Next: 'Person' }],
            Default: 'Done',
          },
          Person: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: OPEN, Payload: { 'taskToken.$': '$$.Task.Token' } },
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      },
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handled' }],
      End: true,
    },
    Handled: { Type: 'Pass', End: true },
  },
};

function localStepFunctions(calls: string[], tokens: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'local-sfn-'));
  const definitionFile = path.join(dir, 'fan.asl.json');
  writeFileSync(definitionFile, JSON.stringify(definition));
  return new LocalStepFunctions({
    definitionFile,
    stateMachineArn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:fan',
    substitutions: {},
    functions: {
      [WORK]: async (event) => {
        const item = event as { id: string; manual?: boolean };
        calls.push(item.id);
        if (item.id === 'flaky') throw Object.assign(new Error('try later'), { name: 'FlakyError' });
        if (item.id === 'broken') {
          await new Promise((resolve) => setTimeout(resolve, 100));
          throw Object.assign(new Error('down for good'), { name: 'BrokenError' });
        }
        return item;
      },
      [OPEN]: async (event) => {
        tokens.push((event as { taskToken: string }).taskToken);
        return {};
      },
    },
  });
}

describe('local Step Functions: a Map that fails', () => {
  it('stops its other iterations as Step Functions does: no retries, no queued items, no live callbacks', async () => {
    const calls: string[] = [];
    const tokens: string[] = [];
    const sfn = localStepFunctions(calls, tokens);
    const { executionArn } = sfn.startExecution('fan-1', {
      items: [{ id: 'manual', manual: true }, { id: 'flaky' }, { id: 'broken' }, { id: 'queued' }],
    });
    const deadline = Date.now() + 10_000;
    while (sfn.describeExecution(executionArn).status === 'RUNNING' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Long enough for an iteration that outlived its Map to call out again.
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(sfn.describeExecution(executionArn).status).toBe('SUCCEEDED');
    expect(calls.sort()).toEqual(['broken', 'flaky', 'manual']);
    expect(tokens).toHaveLength(1);
    expect(() => sfn.sendTaskSuccess(String(tokens[0]), {})).toThrow(
      expect.objectContaining({ type: 'TaskDoesNotExist' }),
    );
    await sfn.close();
  });
});

describe('local Step Functions: task timeouts', () => {
  // One staff task without a timeout of its own, one with a day's timeout that a Catch turns into a state.
  const waits = {
    StartAt: 'Untimed',
    States: {
      Untimed: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: OPEN, Payload: { 'taskToken.$': '$$.Task.Token' } },
        Next: 'Timed',
      },
      Timed: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: { FunctionName: OPEN, Payload: { 'taskToken.$': '$$.Task.Token' } },
        TimeoutSeconds: 86_400,
        Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 3 }],
        Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'TimedOut' }],
        End: true,
      },
      TimedOut: { Type: 'Pass', End: true },
    },
  };

  function waitingMachine(tokens: string[]) {
    const dir = mkdtempSync(path.join(tmpdir(), 'local-sfn-'));
    const definitionFile = path.join(dir, 'waits.asl.json');
    writeFileSync(definitionFile, JSON.stringify(waits));
    return new LocalStepFunctions({
      definitionFile,
      stateMachineArn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:waits',
      substitutions: {},
      functions: {
        [OPEN]: async (event) => {
          tokens.push((event as { taskToken: string }).taskToken);
          return {};
        },
      },
    });
  }

  const opened = async (tokens: string[], count: number) => {
    while (tokens.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  const ended = async (execution: { status: string }) => {
    while (execution.status === 'RUNNING') await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it('waits for a task without TimeoutSeconds as Step Functions does, far past the interpreter’s 60 s', async () => {
    const tokens: string[] = [];
    const sfn = waitingMachine(tokens);
    const execution = sfn.startExecution('untimed', {});
    await opened(tokens, 1);
    sfn.advanceClock(30 * 86_400_000); // thirty days of staff work
    await sfn.settled();
    expect(execution.status).toBe('RUNNING');
    sfn.sendTaskSuccess(tokens[0] ?? '', { done: true });
    await opened(tokens, 2);
    sfn.sendTaskSuccess(tokens[1] ?? '', { done: true });
    await ended(execution);
    await sfn.close();
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.history.map((h) => h.state)).not.toContain('TimedOut');
  });

  it('times a task out at its TimeoutSeconds, without a retry, and drops its token', async () => {
    const tokens: string[] = [];
    const sfn = waitingMachine(tokens);
    const execution = sfn.startExecution('timed', {});
    await opened(tokens, 1);
    sfn.sendTaskSuccess(tokens[0] ?? '', {});
    await opened(tokens, 2);
    sfn.advanceClock(86_400_000 - 1000);
    await sfn.settled();
    expect(execution.status).toBe('RUNNING');
    sfn.advanceClock(1000);
    await ended(execution);
    await sfn.close();
    expect(() => sfn.sendTaskSuccess(tokens[1] ?? '', {})).toThrow(/does not exist/);
    expect(tokens).toHaveLength(2); // not retried: States.TaskFailed does not match a timeout
    expect(execution.history.filter((h) => h.type === 'StateEntered').map((h) => h.state)).toEqual([
      'Untimed',
      'Timed',
      'TimedOut',
    ]);
    expect(execution.status).toBe('SUCCEEDED');
  });
});
