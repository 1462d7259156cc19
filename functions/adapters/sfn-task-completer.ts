import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { TaskAlreadyCompletedError, type TaskCompleter } from '../core/request/workflow-tasks';
import { stepFunctions } from './clients/sfn';

const isGone = (error: unknown) =>
  ['TaskDoesNotExist', 'TaskTimedOut', 'InvalidToken'].includes((error as Error)?.name ?? '');

export class SfnTaskCompleter implements TaskCompleter {
  async succeed(taskToken: string, output: Record<string, unknown>): Promise<void> {
    try {
      await stepFunctions().send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    } catch (error) {
      if (isGone(error))
        throw new TaskAlreadyCompletedError('the workflow no longer waits for this task', { cause: error });
      throw error;
    }
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    try {
      await stepFunctions().send(new SendTaskFailureCommand({ taskToken, error, cause }));
    } catch (failure) {
      if (isGone(failure))
        throw new TaskAlreadyCompletedError('the workflow no longer waits for this task', { cause: failure });
      throw failure;
    }
  }
}
