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
