import { parseArgs } from 'node:util';
import type { SweepPlan, SweepReport } from '../functions/core/retention/retention-sweep';
import type { SweepItem } from '../functions/core/retention/retention-sweep-runs';
import { CONNECTION_OPTIONS, type Connection, call, connect, RequestsCommandError } from './cli-requests';

/** `privacy-desk retention …`: retention sweeps of the company's stores, through the staff API. */
export const RETENTION_USAGE = `Usage: privacy-desk retention <command> [options]

Commands:
  sweep [--dry-run]                 plan a sweep now and print the plan; without --dry-run the plan
                                    waits for staff approval (console or "retention approve")
  list                              the sweeps, newest first
  show ID [--store S] [--offset N] [--limit N]
                                    one sweep: plan, report and trail; a plan's records come
                                    a page at a time (500 per store, at most 2000)
  approve ID [--hold store:recordId=reason …]
                                    approve the plan, keeping the records named with a reason
  reject ID --reason TEXT           reject the plan; nothing is changed

Options:
  --json           print the API's JSON answer
  --wait SECONDS   how long "sweep" waits for the plan (default 300)
  --api, --token, --user, --password as for "privacy-desk requests"
`;

type Detail = SweepItem & { plan: SweepPlan | null; report: SweepReport | null; events: unknown[] };

function printPlan(detail: Detail): void {
  const plan = detail.plan;
  const out = [`${detail.sweepId}  ${detail.status}${detail.dryRun ? ' (dry run: nothing is changed)' : ''}`];
  if (plan) {
    out.push(
      `planned ${plan.plannedAt}: delete ${plan.counts.delete}, anonymise ${plan.counts.anonymise}, keep under a hold ${plan.counts.retain}`,
    );
    for (const store of plan.stores) {
      const count = (action: string) => store.records.filter((r) => r.action === action).length;
      const cutoff = store.listedBefore ? ` listed before ${store.listedBefore}` : '';
      const shown =
        store.recordCount !== undefined && store.recordCount > store.records.length
          ? ` (${store.records.length} of ${store.recordCount} records shown)`
          : '';
      out.push(
        `  ${store.storeId.padEnd(14)} ${store.mode.padEnd(12)} delete ${count('delete')}, anonymise ${count('anonymise')}, hold ${count('retain')}${cutoff}${shown}  (${store.retention})`,
      );
      for (const record of store.records.filter((r) => r.action === 'retain')) {
        if (record.action === 'retain')
          out.push(
            `      hold ${record.recordId}: ${record.legalHold.name} ${record.legalHold.reference} until ${record.retainUntil}`,
          );
      }
      if (store.instructions) out.push(`      staff: ${store.instructions}`);
    }
  }
  if (detail.report) {
    const t = detail.report.totals;
    out.push(
      `done ${detail.report.finishedAt}: deleted ${t.deleted}, anonymised ${t.anonymised}, held ${t.held}, left for staff ${t.manual}, leftovers ${t.leftovers}`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function waitForPlan(connection: Connection, sweepId: string, seconds: number): Promise<Detail> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const detail = (await call(
      connection,
      'GET',
      `/api/retention-sweeps/${encodeURIComponent(sweepId)}`,
    )) as unknown as Detail;
    if (detail.status !== 'requested' && detail.status !== 'planning') return detail;
    if (Date.now() > deadline)
      throw new RequestsCommandError(
        `sweep ${sweepId} is not planned yet; see "privacy-desk retention show ${sweepId}"`,
      );
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function parseHold(value: string): { storeId: string; recordId: string; reason: string } {
  const match = /^([a-z][a-z0-9-]*):([^=]+)=(.+)$/.exec(value);
  if (!match) throw new RequestsCommandError(`--hold must read store:recordId=reason, not ${value}`);
  return { storeId: match[1] as string, recordId: match[2] as string, reason: match[3] as string };
}

export async function retentionCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...CONNECTION_OPTIONS,
      'dry-run': { type: 'boolean' },
      wait: { type: 'string' },
      hold: { type: 'string', multiple: true },
      reason: { type: 'string' },
      store: { type: 'string' },
      offset: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, id] = positionals;
  const { hold: holdValues, store, offset, limit, ...connectionValues } = values;
  const page = new URLSearchParams({
    ...(store ? { store } : {}),
    ...(offset ? { offset } : {}),
    ...(limit ? { limit } : {}),
  }).toString();
  const connectTo = () => connect(connectionValues);
  if (!command || values.help) {
    process.stdout.write(RETENTION_USAGE);
    return;
  }
  const print = (data: unknown, text: () => void) =>
    values.json ? process.stdout.write(`${JSON.stringify(data, null, 2)}\n`) : text();
  if (['show', 'approve', 'reject'].includes(command) && !id)
    throw new RequestsCommandError(`${command} needs a sweep id`);
  const path = `/api/retention-sweeps/${encodeURIComponent(id ?? '')}`;
  switch (command) {
    case 'sweep': {
      const connection = await connectTo();
      const requested = (await call(connection, 'POST', '/api/retention-sweeps', {
        dryRun: values['dry-run'] === true,
      })) as unknown as SweepItem;
      const detail = await waitForPlan(connection, requested.sweepId, Number(values.wait ?? 300));
      return void print(detail, () => printPlan(detail));
    }
    case 'list': {
      const { sweeps } = (await call(await connectTo(), 'GET', '/api/retention-sweeps')) as unknown as {
        sweeps: SweepItem[];
      };
      return void print(sweeps, () => {
        for (const s of sweeps) {
          const counts = s.summary
            ? `delete ${s.summary.counts.delete}, anonymise ${s.summary.counts.anonymise}, hold ${s.summary.counts.retain}`
            : '';
          process.stdout.write(`${s.sweepId}  ${s.status.padEnd(17)} ${s.requestedAt}  ${counts}\n`);
        }
      });
    }
    case 'show': {
      const detail = (await call(
        await connectTo(),
        'GET',
        page ? `${path}?${page}` : path,
      )) as unknown as Detail;
      return void print(detail, () => printPlan(detail));
    }
    case 'approve': {
      const holds = (holdValues ?? []).map(parseHold);
      const item = await call(await connectTo(), 'POST', `${path}/approve`, { holds });
      return void print(item, () =>
        process.stdout.write(`${id} approved; the sweep function carries it out on its next run\n`),
      );
    }
    case 'reject': {
      if (!values.reason) throw new RequestsCommandError('reject needs --reason');
      const item = await call(await connectTo(), 'POST', `${path}/reject`, { reason: values.reason });
      return void print(item, () => process.stdout.write(`${id} rejected\n`));
    }
    default:
      throw new RequestsCommandError(`unknown retention command: ${command}\n\n${RETENTION_USAGE}`);
  }
}
