import { Stack } from 'aws-cdk-lib';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { DataMap } from '../../functions/core/datamap';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '../function-catalog';
import type { DataStores } from './data-stores';
import type { PublicApi } from './http-api';
import type { MailSending } from './mail-sending';
import { PrivacyDeskFunction } from './privacy-desk-function';
import type { StoreDeployments } from './store-access';
import type { Workflow } from './workflow';

/** What the stack makes once and every concern builds on. */
export interface Desk {
  /** The key, the tables and the buckets. */
  readonly data: DataStores;
  /** Sending as the privacy mailbox. */
  readonly mail: MailSending;
  /** The request workflow: its step functions are bound to it as they are created. */
  readonly workflow: Workflow;
  /** The HTTP API: its functions serve their routes as they are created. */
  readonly api: PublicApi;
  /** The API's address (`PUBLIC_BASE_URL`): links in mails, the console. */
  readonly publicBaseUrl: string;
  /** The HMAC key that turns e-mail addresses into subject keys. */
  readonly subjectKeySecret: secretsmanager.ISecret;
  /** Where staff alerts and digests go. */
  readonly staffAddress: string;
  readonly dataMap: DataMap;
  /** Where the data map's stores are in this deployment. */
  readonly dataStores: StoreDeployments;
}

/** The props of every concern's construct. */
export interface ConcernProps {
  readonly desk: Desk;
}

/** The desk's common prefixes of raw mail in the inbound bucket. */
export const INBOUND_PREFIX = 'inbound/';
export const QUARANTINE_PREFIX = 'quarantine/';

/**
 * The named functions of the catalogue, for the concern that owns them: each is told the desk-wide
 * names its catalogue entry lists (the mailbox, the requests table; grants come with the concern's
 * bindings), a workflow step is bound to the state machine, an API function serves its routes.
 *
 * They are created at the top of the stack, not under the concern: a function's logical id (and so
 * its role and log group) and its construct path (by which the local stack finds its role in the
 * template) do not depend on which concern owns it.
 */
export function createFunctions<const N extends FunctionName>(
  concern: Construct,
  desk: Desk,
  names: readonly N[],
): Record<N, PrivacyDeskFunction> {
  const stack = Stack.of(concern);
  const created = names.map((name): [N, PrivacyDeskFunction] => {
    const fn = new PrivacyDeskFunction(stack, name, { spec: FUNCTIONS[name] });
    const spec: FunctionSpec = FUNCTIONS[name];
    if (spec.variables.includes('MAILBOX_ADDRESS')) fn.setVariable('MAILBOX_ADDRESS', desk.mail.mailbox);
    if (spec.variables.includes('REQUESTS_TABLE'))
      fn.setVariable('REQUESTS_TABLE', desk.data.requestsTable.tableName);
    desk.workflow.bindStep(fn);
    desk.api.serve(name, fn.function);
    return [name, fn];
  });
  return Object.fromEntries(created) as Record<N, PrivacyDeskFunction>;
}
