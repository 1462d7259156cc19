import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { WorkflowStarter } from '../core/ports';
import { stepFunctions } from './clients/sfn';

/** One Standard execution per request, named by the request id, so a second start is a no-op. */
export class SfnWorkflowStarter implements WorkflowStarter {
  constructor(private readonly stateMachineArn: string) {}

  async start(requestId: string, input: Record<string, unknown>): Promise<void> {
    try {
      await stepFunctions().send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: requestId,
          input: JSON.stringify(input),
        }),
      );
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists')
        return;
      throw error;
    }
  }
}
