/**
 * Key schemas of the tables (ARCHITECTURE.md §3), as plain data: the CDK stack and the local stack
 * both build their tables from these, so the two can never drift apart.
 */
export interface TableDefinition {
  readonly logicalName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly timeToLiveAttribute?: string;
  readonly indexes: readonly { indexName: string; partitionKey: string; sortKey: string }[];
}

export const REQUESTS_TABLE: TableDefinition = {
  logicalName: 'Requests',
  partitionKey: 'pk',
  sortKey: 'sk',
  timeToLiveAttribute: 'expiresAt',
  indexes: [
    // Console queue and deadline watch: open requests by status, ordered by due date.
    { indexName: 'byStatus', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    // All requests of one subject (rate limits, history), keyed by the HMAC subject key.
    { indexName: 'bySubject', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ],
};

export const CONSENTS_TABLE: TableDefinition = {
  logicalName: 'Consents',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [],
};

export const TABLES = [REQUESTS_TABLE, CONSENTS_TABLE] as const;
