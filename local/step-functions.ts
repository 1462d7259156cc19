import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';

/**
 * Step Functions on this machine: runs the very ASL file CDK deploys with aws-local-stepfunctions,
 * maps its Lambda resources to the local handlers, and speaks the Step Functions JSON API
 * (StartExecution, SendTaskSuccess/Failure, DescribeExecution, ...) so handlers use the real SDK.
 * It adds what the interpreter lacks: `.waitForTaskToken` callbacks, and executions persisted
 * under the data folder so a waiting workflow survives a restart: callbacks keep their tokens,
 * and a Map interrupted half-way replays its finished iterations instead of repeating them.
 */

// aws-local-stepfunctions 3 relies on Promise.withResolvers (Node 22); harmless where present.
if (!('withResolvers' in Promise)) {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Invoke = (event: unknown) => Promise<unknown>;

const TOKEN_PLACEHOLDER = '__LOCAL_TASK_TOKEN__';
/** What Step Functions gives a Task without `TimeoutSeconds` (the interpreter would give it 60 s). */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;
/** Node holds a timer for at most 2^31-1 ms (about 24.8 days); a longer one fires at once. */
const LONGEST_TIMER_MS = 2_147_483_647;
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

export interface HistoryEvent {
  type: string;
  state?: string;
  timestamp: string;
  error?: string;
}

export interface ExecutionRecord {
  executionArn: string;
  name: string;
  input: Json;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED' | 'TIMED_OUT';
  startDate: string;
  stopDate?: string;
  output?: Json;
  error?: string;
  cause?: string;
  history: HistoryEvent[];
  /** States entered, those inside Map iterations included: what AWS bills as state transitions. */
  transitions?: number;
  /** The top-level state last entered, with its input: where a restart resumes. */
  position?: { state: string; input: Json };
  /** A callback the execution waits for (the latest, when Map iterations wait on several). */
  waiting?: { state: string; token: string };
  /** Every callback it waits for, by state and input: a resumed run awaits the same tokens. */
  callbacks?: Record<string, string>;
  /**
   * Outputs of the tasks inside each running Map (or Parallel), by state and input: a resumed run
   * replays them instead of calling again. Dropped when the Map ends.
   */
  iterationResults?: Record<string, Record<string, Json>>;
}

export class StepFunctionsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

interface TaskStateDef {
  Type: 'Task';
  Resource: string;
}

/**
 * Top-level Map and Parallel states of one run whose iterations are live. The interpreter stops a
 * failed Map's other iterations only between states (and retries a failed task at once when
 * stopped), so calls out of an ended Map are refused here, as Step Functions stops them.
 */
type OpenScopes = Set<string>;

/** A task call within one execution: its state and its input (the token left as a placeholder). */
const callKey = (stateName: string, input: Json) => `${stateName} ${JSON.stringify(input)}`;
const stateOfCall = (key: string) => key.slice(0, key.indexOf(' '));

/** `waiting` names the latest callback still open (or none). */
function syncWaiting(record: ExecutionRecord): void {
  const open = Object.entries(record.callbacks ?? {}).pop();
  record.waiting = open ? { state: stateOfCall(open[0]), token: open[1] } : undefined;
}

const iterationStopped = () =>
  Object.assign(new Error('the enclosing state has ended; its iterations are stopped'), {
    name: 'IterationStoppedError',
  });

export interface LocalStepFunctionsOptions {
  definitionFile: string;
  stateMachineArn: string;
  /** `${Placeholder}` → value, as CDK's definitionSubstitutions. */
  substitutions: Record<string, string>;
  /** Lambda ARN → local invoker. */
  functions: Record<string, Invoke>;
  /** Folder to persist executions in; omit to keep them in memory. */
  dataDir?: string;
  /**
   * `TimeoutSeconds` of named states, replaced (like the interpreter's own Wait-state overrides),
   * so a test can see a fourteen-day verification time out in a second.
   */
  timeoutOverrides?: Record<string, number>;
  /** Milliseconds between retries by state name (the interpreter's own override), so tests need not wait. */
  retryIntervalOverrides?: Record<string, number>;
}

/**
 * The clock that times tasks out. It can be moved forward (`advance`), so a test or a demo sees
 * staff take minutes, or a task outlive its timeout, without waiting for it.
 */
interface Timer {
  dueAt: number;
  fire: () => void;
  handle?: NodeJS.Timeout;
}

export class TaskClock {
  private offsetMs = 0;
  private readonly timers = new Set<Timer>();

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Calls `fire` once `ms` have passed on this clock; returns a cancel function. */
  after(ms: number, fire: () => void): () => void {
    const timer: Timer = { dueAt: this.now() + ms, fire };
    this.timers.add(timer);
    this.arm(timer);
    return () => {
      clearTimeout(timer.handle);
      this.timers.delete(timer);
    };
  }

  advance(ms: number): void {
    this.offsetMs += ms;
    for (const timer of [...this.timers]) this.arm(timer);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer.handle);
    this.timers.clear();
  }

  // Re-armed in steps Node can hold, so a timeout of months neither fires at once nor drifts.
  private arm(timer: Timer): void {
    clearTimeout(timer.handle);
    const wait = timer.dueAt - this.now();
    if (wait <= 0) {
      this.timers.delete(timer);
      timer.fire();
      return;
    }
    timer.handle = setTimeout(() => this.arm(timer), Math.min(wait, LONGEST_TIMER_MS));
  }
}

/** States.Timeout as the interpreter matches it: by name, and retried only where a retrier names it. */
function taskTimedOut(retried: boolean): Error {
  return Object.assign(new Error('States.Timeout'), { name: 'States.Timeout', isRetryable: retried });
}

export class LocalStepFunctions {
  private readonly definition: Record<string, unknown>;
  private readonly topLevelStates: Set<string>;
  /** Each state nested in a Map or Parallel → its top-level ancestor. */
  private readonly enclosingState = new Map<string, string>();
  private readonly iterationOwners = new Set<string>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly pendingTokens = new Map<
    string,
    { resolve: (v: Json) => void; reject: (e: Error) => void }
  >();
  private readonly running = new Map<string, { abort: () => void; done: Promise<void> }>();
  /** Each Task state's timeout in seconds, as Step Functions applies it. */
  private readonly taskTimeouts = new Map<string, number>();
  /** Task states with a retrier that matches States.Timeout. */
  private readonly retriedOnTimeout = new Set<string>();
  /** Times tasks out; `advanceClock` moves it forward. */
  readonly clock = new TaskClock();
  private server?: Server;

  constructor(private readonly options: LocalStepFunctionsOptions) {
    let text = readFileSync(options.definitionFile, 'utf8');
    for (const [placeholder, value] of Object.entries(options.substitutions)) {
      text = text.replaceAll(`\${${placeholder}}`, value);
    }
    const unresolved = text.match(/\$\{[A-Za-z0-9_]+\}/);
    if (unresolved) throw new Error(`state machine definition has no substitution for ${unresolved[0]}`);
    this.definition = JSON.parse(text);
    const states = this.definition.States as Record<string, Record<string, unknown>>;
    const everyState = allStates(states);
    for (const [state, seconds] of Object.entries(options.timeoutOverrides ?? {})) {
      const target = everyState.get(state);
      if (!target) throw new Error(`no state ${state} to override the timeout of`);
      target.TimeoutSeconds = seconds;
    }
    this.takeOverTaskTimeouts(everyState);
    this.topLevelStates = new Set(Object.keys(this.definition.States as object));
    for (const [name, state] of Object.entries(states)) {
      for (const nested of nestedMachines(state)) {
        this.iterationOwners.add(name);
        this.mapNested(nested.States, name);
      }
    }
    // Validated once here: validating per execution compiles the ASL schema each time (~160 ms of CPU).
    new StateMachine(this.definition as never, { validationOptions: { checkArn: false, checkPaths: false } });
    if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  }

  /**
   * The interpreter gives a Task without `TimeoutSeconds` 60 s, and its timers cannot hold more
   * than Node's ~24.8 days: the runtime times every task itself, with Step Functions' default, and
   * leaves the interpreter a timeout that only a single process run of that length could reach.
   */
  private takeOverTaskTimeouts(states: Map<string, Record<string, unknown>>): void {
    for (const [name, state] of states) {
      if (state.Type !== 'Task') continue;
      if (state.TimeoutSecondsPath !== undefined)
        throw new Error(`${name}: TimeoutSecondsPath is not supported by the local runtime`);
      const seconds = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : undefined;
      this.taskTimeouts.set(name, seconds ?? DEFAULT_TASK_TIMEOUT_SECONDS);
      const retriers = (state.Retry as { ErrorEquals: string[] }[] | undefined) ?? [];
      if (
        retriers.some((r) => r.ErrorEquals.includes('States.Timeout') || r.ErrorEquals.includes('States.ALL'))
      )
        this.retriedOnTimeout.add(name);
      state.TimeoutSeconds = Math.floor(LONGEST_TIMER_MS / 1000);
    }
  }

  /** Time travel: tasks see `ms` more pass (staff taking minutes, a timeout of months). */
  advanceClock(ms: number): void {
    this.clock.advance(ms);
  }

  get arn(): string {
    return this.options.stateMachineArn;
  }

  /** Picks up executions a previous process left running, from where they stood. */
  resumePersisted(): number {
    const dir = this.options.dataDir;
    if (!dir) return 0;
    let resumed = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const record = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as ExecutionRecord;
      this.executions.set(record.executionArn, record);
      if (record.status === 'RUNNING' && record.position) {
        this.run(record, record.position.state, record.position.input);
        resumed += 1;
      }
    }
    return resumed;
  }

  startExecution(name: string, input: Json): ExecutionRecord {
    const executionArn = `${this.arn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn) ?? this.readPersisted(executionArn);
    if (existing) {
      // Step Functions treats a repeated start with the same name and input as the same execution.
      if (existing.status === 'RUNNING' && JSON.stringify(existing.input) === JSON.stringify(input))
        return existing;
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution already exists: '${executionArn}'`);
    }
    const record: ExecutionRecord = {
      executionArn,
      name,
      input,
      status: 'RUNNING',
      startDate: new Date().toISOString(),
      history: [],
    };
    this.executions.set(executionArn, record);
    this.persist(record);
    this.run(record, undefined, input);
    return record;
  }

  describeExecution(executionArn: string): ExecutionRecord {
    const record = this.executions.get(executionArn) ?? this.readPersisted(executionArn);
    if (!record)
      throw new StepFunctionsError('ExecutionDoesNotExist', `Execution does not exist: '${executionArn}'`);
    return record;
  }

  listExecutions(): ExecutionRecord[] {
    return [...this.executions.values()];
  }

  /** StopExecution: a running execution ends ABORTED, and the callback it waits for is dropped. */
  stopExecution(executionArn: string, cause?: string): ExecutionRecord {
    const record = this.describeExecution(executionArn);
    if (record.status !== 'RUNNING') return record;
    record.status = 'ABORTED';
    if (cause) record.cause = cause;
    record.stopDate = new Date().toISOString();
    this.persist(record);
    this.running.get(executionArn)?.abort();
    // Neither retried nor caught: a stopped execution opens no task again (a retry would reopen it).
    const stopped = Object.assign(new Error('execution stopped'), {
      name: 'ExecutionAbortedError',
      isRetryable: false,
      isCatchable: false,
    });
    for (const token of Object.values(record.callbacks ?? {})) this.pendingTokens.get(token)?.reject(stopped);
    return record;
  }

  sendTaskSuccess(token: string, output: Json): void {
    this.settleToken(token).resolve(output);
  }

  sendTaskFailure(token: string, error: string, cause: string): void {
    const failure = new Error(cause);
    failure.name = error || 'TaskFailed';
    this.settleToken(token).reject(failure);
  }

  /** Resolves when every running execution is waiting for a callback or has stopped. */
  async settled(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const busy = [...this.executions.values()].some((e) => e.status === 'RUNNING' && !e.waiting);
      if (!busy) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    for (const { abort } of this.running.values()) abort();
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    this.running.clear();
    this.clock.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private settleToken(token: string) {
    const pending = this.pendingTokens.get(token);
    if (!pending) throw new StepFunctionsError('TaskDoesNotExist', 'Task does not exist anymore');
    this.pendingTokens.delete(token);
    return pending;
  }

  private readPersisted(executionArn: string): ExecutionRecord | undefined {
    const dir = this.options.dataDir;
    const name = executionArn.split(':').pop() ?? '';
    const file = dir ? path.join(dir, `${name}.json`) : undefined;
    if (!file || !existsSync(file)) return undefined;
    const record = JSON.parse(readFileSync(file, 'utf8')) as ExecutionRecord;
    this.executions.set(executionArn, record);
    return record;
  }

  private persist(record: ExecutionRecord): void {
    if (!this.options.dataDir) return;
    writeFileSync(path.join(this.options.dataDir, `${record.name}.json`), JSON.stringify(record, null, 2));
  }

  private mapNested(states: Record<string, Record<string, unknown>>, topLevel: string): void {
    for (const [name, state] of Object.entries(states)) {
      this.enclosingState.set(name, topLevel);
      for (const nested of nestedMachines(state)) this.mapNested(nested.States, topLevel);
    }
  }

  private taskStates(): Map<string, TaskStateDef> {
    const tasks = new Map<string, TaskStateDef>();
    const visit = (states: Record<string, Record<string, unknown>>) => {
      for (const [name, state] of Object.entries(states)) {
        if (state.Type === 'Task') tasks.set(name, state as unknown as TaskStateDef);
        for (const machine of nestedMachines(state)) visit(machine.States);
      }
    };
    visit(this.definition.States as Record<string, Record<string, unknown>>);
    return tasks;
  }

  /** Refuses a call out of an iteration whose Map (or branch's Parallel) has already ended. */
  private async requireLiveScope(scopes: OpenScopes, stateName: string): Promise<void> {
    const scope = this.enclosingState.get(stateName);
    if (!scope) return;
    // The interpreter's events for the enclosing state are read asynchronously: let them land first.
    await new Promise((resolve) => setImmediate(resolve));
    if (!scopes.has(scope)) throw iterationStopped();
  }

  /**
   * Follows the top-level states that own iterations; an ended one drops its iterations' callbacks
   * and their replay results.
   */
  private trackScope(record: ExecutionRecord, scopes: OpenScopes, type: string, stateName: string): void {
    if (!this.iterationOwners.has(stateName)) return;
    if (type === 'StateEntered' || type === 'StateRetried') scopes.add(stateName);
    if (type !== 'StateExited' && type !== 'StateFailed') return;
    scopes.delete(stateName);
    if (record.iterationResults?.[stateName]) {
      delete record.iterationResults[stateName];
      this.persist(record);
    }
    for (const [key, token] of Object.entries(record.callbacks ?? {})) {
      if (this.enclosingState.get(stateOfCall(key)) === stateName)
        this.pendingTokens.get(token)?.reject(iterationStopped());
    }
  }

  private invoker(functionArn: string): Invoke {
    const invoke = this.options.functions[functionArn];
    if (!invoke)
      throw new StepFunctionsError('Lambda.ResourceNotFoundException', `no local function ${functionArn}`);
    return invoke;
  }

  private taskOverrides(record: ExecutionRecord, scopes: OpenScopes) {
    const overrides: Record<string, (input: Json) => Promise<Json>> = {};
    for (const [stateName, state] of this.taskStates()) {
      overrides[stateName] = (input: Json) =>
        this.timed(record, stateName, input, () =>
          this.replayingCall(record, scopes, stateName, state, input),
        );
    }
    return overrides;
  }

  /** A task call against its timeout; a callback that times out drops its token, as on AWS. */
  private async timed(
    record: ExecutionRecord,
    stateName: string,
    input: Json,
    call: () => Promise<Json>,
  ): Promise<Json> {
    const seconds = this.taskTimeouts.get(stateName) ?? DEFAULT_TASK_TIMEOUT_SECONDS;
    let cancel = () => {};
    const timedOut = new Promise<never>((_, reject) => {
      cancel = this.clock.after(seconds * 1000, () => {
        const error = taskTimedOut(this.retriedOnTimeout.has(stateName));
        const token = record.callbacks?.[callKey(stateName, input)];
        if (token) this.pendingTokens.get(token)?.reject(error);
        reject(error);
      });
    });
    try {
      return await Promise.race([call(), timedOut]);
    } finally {
      cancel();
    }
  }

  private async replayingCall(
    record: ExecutionRecord,
    scopes: OpenScopes,
    stateName: string,
    state: TaskStateDef,
    input: Json,
  ): Promise<Json> {
    await this.requireLiveScope(scopes, stateName);
    const scope = this.enclosingState.get(stateName);
    if (!scope) return this.callTask(record, stateName, state, input);
    const key = callKey(stateName, input);
    const replayed = record.iterationResults?.[scope]?.[key];
    if (replayed !== undefined) return replayed;
    const output = await this.callTask(record, stateName, state, input);
    if (output !== undefined) {
      const results = record.iterationResults ?? {};
      record.iterationResults = { ...results, [scope]: { ...results[scope], [key]: output } };
      this.persist(record);
    }
    return output;
  }

  private async callTask(
    record: ExecutionRecord,
    stateName: string,
    state: TaskStateDef,
    input: Json,
  ): Promise<Json> {
    if (state.Resource === LAMBDA_INVOKE) {
      const params = input as { FunctionName: string; Payload: Json };
      const payload = await this.invoker(params.FunctionName)(params.Payload);
      return { ExecutedVersion: '$LATEST', Payload: payload as Json, StatusCode: 200 };
    }
    if (state.Resource === LAMBDA_INVOKE_CALLBACK) return this.waitForCallback(record, stateName, input);
    if (state.Resource.startsWith('arn:aws:lambda:')) {
      return (await this.invoker(state.Resource)(input)) as Json;
    }
    throw new StepFunctionsError('States.Runtime', `resource ${state.Resource} is not available locally`);
  }

  private async waitForCallback(record: ExecutionRecord, stateName: string, input: Json): Promise<Json> {
    const key = callKey(stateName, input);
    const persisted = record.callbacks?.[key];
    // The same call was waiting when the process stopped: await its token, do not open it again.
    const resuming = persisted !== undefined && !this.pendingTokens.has(persisted);
    const token = resuming ? persisted : `${record.name}.${stateName}.${randomUUID()}`;
    const result = new Promise<Json>((resolve, reject) => this.pendingTokens.set(token, { resolve, reject }));
    // Dropped while the task is still being opened (its Map ended): awaited below, or never.
    result.catch(() => undefined);
    record.callbacks = { ...record.callbacks, [key]: token };
    syncWaiting(record);
    this.persist(record);
    if (!resuming) {
      const params = JSON.parse(JSON.stringify(input).replaceAll(TOKEN_PLACEHOLDER, token)) as {
        FunctionName: string;
        Payload: Json;
      };
      try {
        await this.invoker(params.FunctionName)(params.Payload);
      } catch (error) {
        this.pendingTokens.delete(token);
        delete record.callbacks[key];
        syncWaiting(record);
        throw error;
      }
    }
    try {
      return await result;
    } finally {
      this.pendingTokens.delete(token);
      if (record.callbacks?.[key] === token) delete record.callbacks[key];
      syncWaiting(record);
      this.persist(record);
    }
  }

  private run(record: ExecutionRecord, startAt: string | undefined, input: Json): void {
    const definition = startAt ? { ...this.definition, StartAt: startAt } : this.definition;
    // Validated in the constructor; a resumed run starts mid-way, which leaves earlier states unreachable.
    const machine = new StateMachine(definition as never, { validationOptions: { noValidate: true } });
    const scopes: OpenScopes = new Set();
    const execution = machine.run(input, {
      overrides: {
        taskResourceLocalHandlers: this.taskOverrides(record, scopes) as never,
        retryIntervalOverrides: this.options.retryIntervalOverrides,
      },
      context: {
        Execution: {
          Id: record.executionArn,
          Name: record.name,
          Input: record.input,
          StartTime: record.startDate,
        },
        StateMachine: { Id: this.arn },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    const followEvents = (async () => {
      for await (const event of execution.eventLogs) {
        const state = 'state' in event ? (event.state as { name: string; input: Json }) : undefined;
        if (event.type === 'StateEntered') record.transitions = (record.transitions ?? 0) + 1;
        const topLevel =
          state && this.topLevelStates.has(state.name) && !('index' in event && event.index !== undefined);
        if (state && topLevel) this.trackScope(record, scopes, event.type, state.name);
        if (state && !topLevel) continue;
        if (!state && !event.type.startsWith('Execution')) continue;
        record.history.push({
          type: event.type,
          ...(state ? { state: state.name } : {}),
          timestamp: new Date(event.timestamp).toISOString(),
          ...('Error' in event ? { error: String(event.Error) } : {}),
        });
        if (event.type === 'StateEntered' && state)
          record.position = { state: state.name, input: state.input };
        // The resume position changes on entering a state; exits need no write of their own.
        if (event.type === 'StateEntered' || !state) this.persist(record);
      }
    })();
    const done = execution.result
      .then((output) => {
        record.status = 'SUCCEEDED';
        record.output = output as Json;
      })
      .catch((error: Error) => {
        if (error.name === 'ExecutionAbortedError') return; // a stopped process: resumed next start
        record.status = error.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED';
        const cause = (error as { cause?: { name?: string; message?: string } }).cause;
        record.error = cause?.name ?? error.name;
        record.cause = cause?.message ?? error.message;
      })
      .then(() => followEvents.catch(() => undefined))
      .finally(() => {
        if (record.status !== 'RUNNING') {
          record.stopDate = new Date().toISOString();
          record.waiting = undefined;
          record.callbacks = undefined;
          record.iterationResults = undefined;
        }
        this.persist(record);
        this.running.delete(record.executionArn);
      });
    this.running.set(record.executionArn, { abort: execution.abort, done });
  }

  /** Serves the Step Functions JSON protocol (the subset the handlers and tools use). */
  async listen(port: number, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const target = String(req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
        let status = 200;
        let body: unknown;
        try {
          body = this.dispatch(target, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
        } catch (error) {
          status = 400;
          const type = error instanceof StepFunctionsError ? error.type : 'InvalidRequest';
          body = { __type: type, message: (error as Error).message };
        }
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, host, resolve));
    return `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  private dispatch(target: string, body: Record<string, unknown>): unknown {
    const epoch = (iso?: string) => (iso ? Date.parse(iso) / 1000 : undefined);
    switch (target) {
      case 'StartExecution': {
        const record = this.startExecution(
          String(body.name ?? randomUUID()),
          JSON.parse(String(body.input ?? '{}')),
        );
        return { executionArn: record.executionArn, startDate: epoch(record.startDate) };
      }
      case 'StopExecution': {
        const r = this.stopExecution(String(body.executionArn), body.cause ? String(body.cause) : undefined);
        return { stopDate: epoch(r.stopDate) };
      }
      case 'SendTaskSuccess':
        this.sendTaskSuccess(String(body.taskToken), JSON.parse(String(body.output ?? 'null')));
        return {};
      case 'SendTaskFailure':
        this.sendTaskFailure(String(body.taskToken), String(body.error ?? ''), String(body.cause ?? ''));
        return {};
      case 'SendTaskHeartbeat':
        if (!this.pendingTokens.has(String(body.taskToken))) {
          throw new StepFunctionsError('TaskDoesNotExist', 'Task does not exist anymore');
        }
        return {};
      case 'DescribeExecution': {
        const r = this.describeExecution(String(body.executionArn));
        return {
          executionArn: r.executionArn,
          stateMachineArn: this.arn,
          name: r.name,
          status: r.status,
          startDate: epoch(r.startDate),
          stopDate: epoch(r.stopDate),
          input: JSON.stringify(r.input),
          output: r.output === undefined ? undefined : JSON.stringify(r.output),
          error: r.error,
          cause: r.cause,
        };
      }
      default:
        throw new StepFunctionsError('UnknownOperationException', `${target} is not supported locally`);
    }
  }
}

/** Every state by name, those inside Map and Parallel states included. */
function allStates(states: Record<string, Record<string, unknown>>): Map<string, Record<string, unknown>> {
  const found = new Map<string, Record<string, unknown>>();
  const visit = (level: Record<string, Record<string, unknown>>) => {
    for (const [name, state] of Object.entries(level)) {
      found.set(name, state);
      for (const machine of nestedMachines(state)) visit(machine.States);
    }
  };
  visit(states);
  return found;
}

function nestedMachines(
  state: Record<string, unknown>,
): { States: Record<string, Record<string, unknown>> }[] {
  const nested = [
    state.Iterator,
    state.ItemProcessor,
    ...((state.Branches as unknown[] | undefined) ?? []),
  ] as ({ States: Record<string, Record<string, unknown>> } | undefined)[];
  return nested.filter((machine) => machine?.States !== undefined) as {
    States: Record<string, Record<string, unknown>>;
  }[];
}
