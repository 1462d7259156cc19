import { renameSync, writeFileSync } from 'node:fs';
import type { Decision } from './policy-evaluator';

export interface UsageEntry {
  readonly functionName: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: Decision;
  count: number;
}

/** The file under the data folder where the last local run's checked calls are kept. */
export const USAGE_FILE = 'iam-usage.json';

/**
 * Every permission check the local stack made in this run, per function, action, resource and
 * decision (`privacy-desk iam` shows them beside the role's grants). Written soon after each
 * new entry and at stop, atomically; a new run starts an empty record.
 */
export class UsageRecorder {
  private readonly entries = new Map<string, UsageEntry>();
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly file: string) {
    this.flush();
  }

  record(functionName: string, action: string, resource: string, decision: Decision): void {
    // A call still in flight when the stack stopped is not part of the run, and its data folder
    // may already be gone: nothing is written after close.
    if (this.closed) return;
    const id = [functionName, action, resource, decision].join('\n');
    const entry = this.entries.get(id);
    if (entry) {
      entry.count += 1;
      return;
    }
    this.entries.set(id, { functionName, action, resource, decision, count: 1 });
    this.timer ??= setTimeout(() => this.flush(), 500).unref();
  }

  /** Writes the record a last time; later checks are not recorded. */
  close(): void {
    this.flush();
    this.closed = true;
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify([...this.entries.values()], null, 1));
    renameSync(temporary, this.file);
  }
}
