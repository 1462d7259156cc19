import { randomBytes } from 'node:crypto';
import middy from '@middy/core';
import { DEMO_DATA_MAP } from '../config/datamap';
import { functionConfig, optional, required } from './adapters/config';
import { connectorRegistryOf } from './adapters/connectors/connector-registry';
import { DynamoDbRetentionSweeps } from './adapters/dynamodb-retention-sweeps';
import { log } from './adapters/logger';
import { systemClock } from './core/ports';
import { type SweepDeps, scheduledSweep, sweepRun } from './core/retention/retention-sweep-runs';

/** `plan`: the daily schedule plans a sweep for approval; `run` (every few minutes): the rest. */
interface SweepEvent {
  kind?: 'plan' | 'run';
}

export const config = functionConfig({
  DATA_STORES_JSON: optional(),
  PACKAGES_BUCKET: required(),
  REQUESTS_TABLE: required(),
});

const ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

let cached: SweepDeps | undefined;
function deps(): SweepDeps {
  if (cached) return cached;
  const env = config();
  const registry = connectorRegistryOf(env.DATA_STORES_JSON);
  cached = {
    sweeps: new DynamoDbRetentionSweeps(env.REQUESTS_TABLE, env.PACKAGES_BUCKET),
    dataMap: DEMO_DATA_MAP,
    connectorFor: (store) => registry.connectorFor(store),
    clock: systemClock,
    randomId: () => [...randomBytes(6)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join(''),
  };
  return cached;
}

/**
 * Retention sweeps across the company's stores (README "Retention sweeps"). Scheduled: daily it
 * plans a sweep for staff to approve; every few minutes it plans the sweeps staff asked for and
 * carries out, verifies and reports the ones they approved.
 */
export const handler = middy<SweepEvent | undefined, { planned: string[]; executed: string[] }>().handler(
  async (event) => {
    if (event?.kind === 'plan') {
      const planned = await scheduledSweep(deps());
      if (planned) log.info('retention sweep planned', { sweepId: planned.sweepId });
      return { planned: planned ? [planned.sweepId] : [], executed: [] };
    }
    const outcome = await sweepRun(deps());
    if (outcome.planned.length + outcome.executed.length > 0)
      log.info('retention sweep run', {
        planned: outcome.planned.join(','),
        executed: outcome.executed.join(','),
      });
    return outcome;
  },
);
