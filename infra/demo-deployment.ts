import type { DataMap } from '../functions/core/datamap';
import type { StoreDeployments } from './constructs/store-access';

/**
 * The demo deployment (`-c demo=true`): where the demo company systems are, under the names the
 * local stack gives them. Plain data, shared by the CDK app and the local stack.
 */
export const DEMO_NAME_PREFIX = 'privacy-desk-demo-';
export const DEMO_NEWSLETTER_SECRET_NAME = 'privacy-desk-demo/newsletter-api';

export function demoStoreDeployments(map: DataMap): StoreDeployments {
  const deployments: Record<string, { table?: string; bucket?: string; authHeaderSecretName?: string }> = {};
  for (const store of map.stores) {
    const connector = store.connector;
    if (connector.type === 'dynamodb')
      deployments[store.id] = { table: `${DEMO_NAME_PREFIX}${connector.table}` };
    else if (connector.type === 's3-jsonl')
      deployments[store.id] = { bucket: `${DEMO_NAME_PREFIX}${connector.bucket}` };
    else if (connector.type === 'http')
      deployments[store.id] = { authHeaderSecretName: DEMO_NEWSLETTER_SECRET_NAME };
  }
  return deployments;
}

/** The demo's alert address: a reserved domain, so nothing is ever sent anywhere by mistake. */
export const DEMO_STAFF_ALERT_ADDRESS = 'privacy-team@example.org';
