import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FUNCTIONS } from '../infra/function-catalog';
import { localIamModel } from './iam/local-iam';
import type { PolicyStatement } from './iam/policy-evaluator';
import type { IamModel } from './iam/template-model';
import { USAGE_FILE, type UsageEntry } from './iam/usage';
import { LOCAL_IAM_NAMING } from './stack';

export const IAM_USAGE = `Usage: privacy-desk iam [--function NAME] [--data-dir .local] [--json]

Per function: the actions and resources its role allows in the synthesized template (what a
deploy grants), and the calls its handler made in the last local run (from the data folder),
each marked allowed or denied, so the two can be read side by side.
`;

const list = (value: string | readonly string[] | undefined) =>
  value === undefined ? [] : typeof value === 'string' ? [value] : [...value];
const short = (arn: string) => arn.replace(/^arn:aws:/, '');

function grantLines(statements: readonly PolicyStatement[]): string[] {
  return statements.flatMap((statement) => {
    const condition = statement.Condition ? `  if ${JSON.stringify(statement.Condition)}` : '';
    const effect = statement.Effect === 'Deny' ? 'DENY ' : '';
    return list(statement.Action).flatMap((action) =>
      list(statement.Resource).map(
        (resource) => `${effect}${action.padEnd(34)} ${short(resource)}${condition}`,
      ),
    );
  });
}

/** The permission map as text: per function, what the role allows, then what the handler used. */
export function formatPermissionMap(model: IamModel, usage: readonly UsageEntry[], only?: string): string {
  const names = Object.keys(FUNCTIONS).filter((name) => !only || name === only);
  const out: string[] = [];
  for (const name of names) {
    const principal = model.functions[name];
    if (!principal) continue;
    out.push(name, '  allowed by its role:');
    for (const line of grantLines(principal.statements)) out.push(`    ${line}`);
    const used = usage.filter((entry) => entry.functionName === name);
    out.push(used.length > 0 ? '  used in the last local run:' : '  used in the last local run: nothing');
    for (const entry of used.sort((a, b) => (a.action + a.resource).localeCompare(b.action + b.resource))) {
      const mark = entry.decision === 'allow' ? 'allowed' : 'DENIED ';
      out.push(`    ${mark} ${entry.action.padEnd(30)} ${short(entry.resource)} (${entry.count}×)`);
    }
    out.push('');
  }
  return out.join('\n');
}

export async function iamCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      function: { type: 'string' },
      'data-dir': { type: 'string', default: '.local' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(IAM_USAGE);
    return;
  }
  if (values.function && !(values.function in FUNCTIONS))
    throw new Error(`no function ${values.function}; the catalogue has ${Object.keys(FUNCTIONS).join(', ')}`);
  const model = await localIamModel(LOCAL_IAM_NAMING);
  let usage: UsageEntry[] = [];
  try {
    usage = JSON.parse(readFileSync(path.join(values['data-dir'], USAGE_FILE), 'utf8')) as UsageEntry[];
  } catch {
    // No local run yet: the map shows the grants alone.
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ functions: model.functions, usage }, null, 2)}\n`);
    return;
  }
  process.stdout.write(formatPermissionMap(model, usage, values.function));
}
