/**
 * Amazon States Language, as far as the workflow uses it: typed states, and the JSON text the
 * generated definition is written as (laid out as the formatter lays out JSON, so the file passes
 * the lint untouched).
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Payload = { [key: string]: Json };

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds: number;
  BackoffRate: number;
  MaxAttempts: number;
  JitterStrategy?: 'FULL';
}

export interface Catcher {
  ErrorEquals: string[];
  ResultPath: string;
  Next: string;
}

/** Key order is the order the file is written in. */
export interface TaskState {
  Type: 'Task';
  Resource: string;
  Comment?: string;
  Parameters?: Payload;
  /** `null` discards the task's result; absent, the result replaces the state's input. */
  ResultPath?: string | null;
  Retry?: Retrier[];
  Catch?: Catcher[];
  Next?: string;
  End?: true;
  TimeoutSeconds?: number;
}

export type Condition =
  | { Variable: string; IsPresent: boolean }
  | { Variable: string; StringEquals: string }
  | { Variable: string; BooleanEquals: boolean }
  | { And: Condition[] };

export interface ChoiceState {
  Type: 'Choice';
  Comment?: string;
  Choices: (Condition & { Next: string })[];
  Default: string;
}

export interface MapState {
  Type: 'Map';
  ItemsPath: string;
  MaxConcurrency: number;
  ItemSelector: Payload;
  ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }; StartAt: string; States: States };
  ResultPath: string;
  Catch: Catcher[];
  Next: string;
}

export interface SucceedState {
  Type: 'Succeed';
}

export interface FailState {
  Type: 'Fail';
  Error: string;
  Cause: string;
}

export type State = TaskState | ChoiceState | MapState | SucceedState | FailState;
export type States = Record<string, State>;

export interface StateMachine {
  Comment: string;
  StartAt: string;
  States: States;
}

const LINE_WIDTH = 110;
const INDENT = '  ';

/**
 * The definition as JSON text: two-space indents, objects one key a line, and arrays of plain
 * values on one line where it fits in the formatter's line width (as `biome format` writes them).
 */
export function renderDefinition(machine: StateMachine): string {
  // Through JSON first: optional keys left undefined by the builders disappear, as in the file.
  return `${render(JSON.parse(JSON.stringify(machine)) as Json, '', '', '')}\n`;
}

function render(value: Json, indent: string, prefix: string, suffix: string): string {
  if (value === null || typeof value !== 'object')
    return `${indent}${prefix}${JSON.stringify(value)}${suffix}`;
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}${prefix}[]${suffix}`;
    const flat = value.every((item) => item === null || typeof item !== 'object');
    const oneLine = `${indent}${prefix}[${value.map((item) => JSON.stringify(item)).join(', ')}]${suffix}`;
    if (flat && oneLine.length <= LINE_WIDTH) return oneLine;
    const items = value.map((item, i) => render(item, inner, '', i < value.length - 1 ? ',' : ''));
    return [`${indent}${prefix}[`, ...items, `${indent}]${suffix}`].join('\n');
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return `${indent}${prefix}{}${suffix}`;
  const lines = entries.map(([key, item], i) =>
    render(item, inner, `${JSON.stringify(key)}: `, i < entries.length - 1 ? ',' : ''),
  );
  return [`${indent}${prefix}{`, ...lines, `${indent}}${suffix}`].join('\n');
}
