import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEMO_DATA_MAP } from '../config/datamap';
import type { DataMap } from '../functions/core/datamap';
import { type StoreDeployments, storeDeploymentsFromContext } from './constructs/store-access';
import { DEMO_STAFF_ALERT_ADDRESS, demoStoreDeployments } from './demo-deployment';
import { STACK_NAME } from './function-catalog';
import { PrivacyDeskStack } from './privacy-desk-stack';

export { STACK_NAME };

/**
 * The stores of the data map a deployment must locate: a table or bucket cannot be guessed, and a
 * store left out would only fail on the first request that reaches it.
 */
export function requireStoreDeployments(map: DataMap, stores: StoreDeployments): void {
  const missing = map.stores.flatMap((store) => {
    const type = store.connector.type;
    if (type === 'dynamodb' && !stores[store.id]?.table) return [`${store.id} (table)`];
    if (type === 's3-jsonl' && !stores[store.id]?.bucket) return [`${store.id} (bucket)`];
    return [];
  });
  if (missing.length > 0)
    throw new Error(
      `dataStores does not say where these stores of the data map are: ${missing.join(', ')}. ` +
        `Pass -c dataStores='{"<store id>":{"table":"..."}}' (see the README's Deploy section), ` +
        'or -c demo=true for the demo stores the local stack runs.',
    );
}

/**
 * Staff alerts must reach a mailbox people read: an address at `mailDomain` (or below it) is
 * received by SES, whose only rule takes the privacy mailbox, so the alert would bounce.
 */
export function requireStaffAlertAddress(value: unknown, mailDomain: string): string {
  if (typeof value !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))
    throw new Error(
      'staffAlertAddress is required: the address staff alerts and deadline digests go to, ' +
        'e.g. -c staffAlertAddress=privacy-team@example.com (not at the mail domain, whose mail SES receives).',
    );
  const domain = value.split('@')[1]?.toLowerCase() ?? '';
  const received = mailDomain.toLowerCase();
  if (domain === received || domain.endsWith(`.${received}`))
    throw new Error(
      `staffAlertAddress ${value} is at ${mailDomain}, whose mail SES receives: alerts would be rejected. ` +
        `Use an address of the company's own mail (give SES a dedicated subdomain such as privacy.<domain> as mailDomain).`,
    );
  return value;
}

export interface PrivacyDeskAppOptions {
  /** CDK context: mailDomain, dataStores, demo, alertEmail, createMailIdentity, … */
  readonly context?: Record<string, unknown>;
  /** Run cdk-nag's AwsSolutions checks on synth (default true). */
  readonly checks?: boolean;
  readonly outdir?: string;
  /** Account and region of the stack (default: CDK_DEFAULT_ACCOUNT and CDK_DEFAULT_REGION, else eu-west-1). */
  readonly env?: { readonly account?: string; readonly region?: string };
}

const flag = (value: unknown) => value === true || value === 'true';

/**
 * The CDK app the deploy synthesizes (`infra/app.ts`) and the local stack reads its IAM policies
 * from: one place that turns the context into the stack.
 */
export function buildPrivacyDeskApp(options: PrivacyDeskAppOptions = {}): {
  app: App;
  stack: PrivacyDeskStack;
} {
  const app = new App({ context: options.context, outdir: options.outdir });
  const context = (key: string): unknown => app.node.tryGetContext(key);
  const mailDomain = String(context('mailDomain') ?? 'example.com');
  const dataStores = flag(context('demo'))
    ? demoStoreDeployments(DEMO_DATA_MAP)
    : storeDeploymentsFromContext(context('dataStores'), DEMO_DATA_MAP);
  const demo = flag(context('demo'));
  requireStoreDeployments(DEMO_DATA_MAP, dataStores);
  const staffAlertAddress = requireStaffAlertAddress(
    context('staffAlertAddress') ?? (demo ? DEMO_STAFF_ALERT_ADDRESS : undefined),
    mailDomain,
  );
  const stack = new PrivacyDeskStack(app, STACK_NAME, {
    mailDomain,
    dataStores,
    createMailIdentity: context('createMailIdentity') === undefined || flag(context('createMailIdentity')),
    staffAlertAddress,
    env: options.env ?? {
      account: process.env.CDK_DEFAULT_ACCOUNT,
      region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1',
    },
  });
  if (options.checks ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
