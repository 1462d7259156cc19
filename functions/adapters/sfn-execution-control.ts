import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import type { ExecutionControl } from '../core/staff/staff-ports';
import { stepFunctions } from './clients/sfn';

const isMissing = (error: unknown) => (error as Error)?.name === 'ExecutionDoesNotExist';

/** Named executions of the request workflow: retries start new ones, cancel stops the current one. */
export class SfnExecutionControl implements ExecutionControl {
  constructor(private readonly stateMachineArn: string) {}

  private arnOf(name: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  async start(name: string, input: Record<string, unknown>): Promise<void> {
    await stepFunctions().send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        name,
        input: JSON.stringify(input),
      }),
    );
  }

  async stop(name: string, cause: string): Promise<void> {
    try {
      await stepFunctions().send(new StopExecutionCommand({ executionArn: this.arnOf(name), cause }));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async inputOf(name: string): Promise<Record<string, unknown> | undefined> {
    try {
      const result = await stepFunctions().send(
        new DescribeExecutionCommand({ executionArn: this.arnOf(name) }),
      );
      return result.input ? (JSON.parse(result.input) as Record<string, unknown>) : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
}
