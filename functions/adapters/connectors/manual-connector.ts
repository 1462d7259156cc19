import type {
  Connector,
  EraseOutcome,
  LocatedRecord,
  ManualStoreTask,
} from '../../core/collection/connector';
import type { DataStore } from '../../core/datamap';
import type { StoreErasurePlan } from '../../core/erasure/erasure-plan';
import { ConfigurationError } from '../../core/errors';

/**
 * A system staff search and erase by hand (a shared drive, paper). The connector finds nothing
 * itself and says so through `manualTask`: the collect step records the store as
 * `manual_pending` with the data map's instructions, and the workflow opens a staff task in the
 * console where staff enter what they found or "nothing found". Erasure likewise hands every
 * planned record to staff.
 */
export class ManualStoreConnector implements Connector {
  readonly manualTask: ManualStoreTask;

  constructor(store: DataStore) {
    if (store.connector.type !== 'manual') {
      throw new ConfigurationError(`store ${store.id} does not use the manual connector`);
    }
    this.manualTask = { storeId: store.id, instructions: store.connector.instructions };
  }

  async find(): Promise<LocatedRecord[]> {
    return [];
  }

  async erase(_subject: unknown, plan: StoreErasurePlan): Promise<EraseOutcome> {
    return {
      storeId: plan.storeId,
      deleted: [],
      anonymised: [],
      retained: [],
      manual: plan.records.map((r) => r.recordId),
    };
  }
}
