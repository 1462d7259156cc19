import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import sesServer from 'aws-ses-v2-local';
import dynalite from 'dynalite';
import { forgetParsedConfigurations } from '../functions/adapters/config';
import { FUNCTIONS, type FunctionName, STATE_MACHINE_FILE } from '../infra/function-catalog';
import { TABLES, type TableDefinition } from '../infra/table-definitions';
import { localConsentSecrets } from './consent-secrets';
import { buildConsole } from './console-build';
import { type DemoStores, startDemoStores } from './demo-stores';
import { startDynamoDbFront } from './dynamodb-transactions';
import { LocalHttpServer } from './http-server';
import { type LocalIam, startLocalIam } from './iam/local-iam';
import { loadHandlers, localFunctionArn } from './lambda-runtime';
import { scheduleRetentionSweeps } from './retention-sweep-schedule';
import { S3RVER_CREDENTIALS, startLocalS3 } from './s3-versioning';
import { LocalSecretsManager } from './secrets-manager';
import { SmtpListener } from './smtp-listener';
import { LocalStepFunctions } from './step-functions';
import { ensureTable } from './table-ready';

/**
 * The embedded stack (ARCHITECTURE.md §8): AWS stand-ins on 127.0.0.1, wired to the very handlers and
 * state machine definition that CDK deploys. Only endpoints and names differ from the cloud.
 */
export interface LocalStackOptions {
  /** Where data lives between runs (default `.local`). */
  dataDir?: string;
  /** 0 picks a free port (what tests use). */
  ports?: Partial<Record<keyof typeof DEFAULT_PORTS, number>>;
  mailDomain?: string;
  /** Extra environment for the handlers. */
  env?: Record<string, string>;
  /** Seconds by state name, replacing the definition's `TimeoutSeconds` (tests). */
  stepTimeouts?: Record<string, number>;
  /** Milliseconds between retries by state name, replacing the definition's backoff (tests). */
  retryIntervals?: Record<string, number>;
  log?: (line: string) => void;
}

export interface LocalStack {
  urls: Record<'http' | 'smtp' | 'dynamodb' | 's3' | 'ses' | 'sfn' | 'secrets', string>;
  /** The keys the local Secrets Manager holds (tests sign links and derive subject keys with them). */
  secrets: LocalSecrets;
  smtpPort: number;
  mailbox: string;
  env: Record<string, string>;
  stepFunctions: LocalStepFunctions;
  smtp: SmtpListener;
  /** The demo company systems (tests inject store faults through them). */
  demoStores: DemoStores;
  /** The role policies every handler's SDK calls are checked against. */
  iam: LocalIam;
  stop(): Promise<void>;
}

export const DEFAULT_PORTS = {
  http: 3000,
  smtp: 2525,
  dynamodb: 8000,
  s3: 4569,
  ses: 8005,
  sfn: 8083,
  secrets: 8084,
} as const;
const HOST = '127.0.0.1';
const REGION = 'eu-west-1';
const ACCOUNT = '000000000000';
// s3rver accepts only its own well-known key pair; the other stand-ins accept any.
const LOCAL_CREDENTIALS = S3RVER_CREDENTIALS;

/** The stack's resources by construct path, as the local stack names them (IAM resolves ARNs with these). */
const localResourcesByPath = (): Record<string, string> => ({
  'Data/Requests': LOCAL_NAMES.requestsTable,
  'Data/Consents': LOCAL_NAMES.consentsTable,
  'Data/Inbound': LOCAL_NAMES.inboundBucket,
  'Data/Packages': LOCAL_NAMES.packagesBucket,
  SubjectKeySecret: LOCAL_SECRET_ARNS.SUBJECT_KEY_SECRET_ARN,
  DownloadLinkSecret: LOCAL_SECRET_ARNS.DOWNLOAD_LINK_SECRET_ARN,
  ConsentApiKeys: LOCAL_SECRET_ARNS.CONSENT_API_KEYS_ARN,
  UnsubscribeSecrets: LOCAL_SECRET_ARNS.UNSUBSCRIBE_SECRETS_ARN,
  'Workflow/StateMachine': LOCAL_NAMES.stateMachineArn,
});

export const LOCAL_NAMES = {
  requestsTable: 'privacy-desk-requests',
  consentsTable: 'privacy-desk-consents',
  inboundBucket: 'privacy-desk-inbound',
  packagesBucket: 'privacy-desk-packages',
  inboundPrefix: 'inbound/',
  stateMachineArn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:privacy-desk-dsr`,
} as const;

/** How the local stack resolves the template's resources (and `privacy-desk iam` reads the map). */
export const LOCAL_IAM_NAMING = {
  mailDomain: process.env.PD_MAIL_DOMAIN ?? 'example.com',
  region: REGION,
  account: ACCOUNT,
  get byPath() {
    return localResourcesByPath();
  },
};

function portFromEnv(name: keyof typeof DEFAULT_PORTS): number {
  const raw = process.env[`PD_${name.toUpperCase()}_PORT`];
  return raw ? Number(raw) : DEFAULT_PORTS[name];
}

const listening = (server: Server) =>
  new Promise<number>((resolve, reject) => {
    if (server.listening) resolve((server.address() as AddressInfo).port);
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
    server.once('error', reject);
  });

export interface LocalSecrets {
  subjectKey: string;
  downloadLink: string;
  /** Comma-separated, newest first. */
  unsubscribe: string;
  consentApiKeyHashes: string;
}

const localSecretArn = (name: string) =>
  `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:privacy-desk/${name}`;

/** Where the handlers find each secret, as the CDK stack sets them: variable → ARN. */
const LOCAL_SECRET_ARNS = {
  SUBJECT_KEY_SECRET_ARN: localSecretArn('subject-key'),
  DOWNLOAD_LINK_SECRET_ARN: localSecretArn('download-link'),
  CONSENT_API_KEYS_ARN: localSecretArn('consent-api-keys'),
  UNSUBSCRIBE_SECRETS_ARN: localSecretArn('unsubscribe-secrets'),
} as const;

/** A secret kept with the data, so subject keys stay stable across restarts. */
function localSecret(dataDir: string, name: 'subjectKey' | 'downloadLink' = 'subjectKey'): string {
  const file = path.join(dataDir, 'secrets.json');
  const secrets = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const existing = secrets[name];
  if (existing) return existing;
  secrets[name] = randomBytes(32).toString('hex');
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets[name];
}

export async function createTable(
  client: DynamoDBClient,
  name: string,
  table: TableDefinition,
): Promise<void> {
  const attributes = new Set([
    table.partitionKey,
    table.sortKey,
    ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]);
  await ensureTable(client, {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: table.partitionKey, KeyType: 'HASH' },
      { AttributeName: table.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes:
      table.indexes.length > 0
        ? table.indexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          }))
        : undefined,
  });
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir ?? '.local');
  mkdirSync(path.join(dataDir, 's3'), { recursive: true });
  const port = (name: keyof typeof DEFAULT_PORTS) => options.ports?.[name] ?? portFromEnv(name);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const close of stops.reverse()) await close().catch(() => undefined);
  };

  try {
    const dynamo = dynalite({
      path: path.join(dataDir, 'dynamodb'),
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
    });
    dynamo.listen(0, HOST);
    const dynalitePort = await listening(dynamo);
    stops.push(() => new Promise((resolve) => dynamo.close(() => resolve())));
    // dynalite has no TransactWriteItems: the front answers it and passes everything else through,
    // so it is the DynamoDB endpoint everything else uses.
    const dynamoFront = await startDynamoDbFront({
      dynaliteUrl: `http://${HOST}:${dynalitePort}`,
      host: HOST,
      port: port('dynamodb'),
      region: REGION,
    });
    stops.push(() => dynamoFront.close());

    // s3rver keeps one copy per key: the versioning layer in front keeps the old versions of a
    // bucket with versioning on, and is the S3 endpoint everything else uses.
    const localS3 = await startLocalS3({ dir: dataDir, host: HOST, port: port('s3'), region: REGION });
    stops.push(() => localS3.close());

    // CommonJS with a transpiled default export: Node's own ESM loader (npm start, tsx) hands over
    // module.exports, bundlers and vitest its `default`.
    const startSes = (sesServer as unknown as { default?: typeof sesServer }).default ?? sesServer;
    const ses = await startSes({ host: HOST, port: port('ses') });
    const sesPort = await listening(ses);
    stops.push(() => new Promise((resolve) => ses.close(() => resolve())));

    const secrets: LocalSecrets = {
      subjectKey: localSecret(dataDir),
      downloadLink: localSecret(dataDir, 'downloadLink'),
      ...localConsentSecrets(dataDir),
    };
    const secretsManager = new LocalSecretsManager({
      [LOCAL_SECRET_ARNS.SUBJECT_KEY_SECRET_ARN]: secrets.subjectKey,
      [LOCAL_SECRET_ARNS.DOWNLOAD_LINK_SECRET_ARN]: secrets.downloadLink,
      [LOCAL_SECRET_ARNS.CONSENT_API_KEYS_ARN]: secrets.consentApiKeyHashes,
      [LOCAL_SECRET_ARNS.UNSUBSCRIBE_SECRETS_ARN]: secrets.unsubscribe,
    });
    const secretsUrl = await secretsManager.listen(port('secrets'), HOST);
    stops.push(() => secretsManager.close());

    const mailDomain = options.mailDomain ?? process.env.PD_MAIL_DOMAIN ?? 'example.com';
    const mailbox = `gdpr@${mailDomain}`;
    const urls = {
      dynamodb: dynamoFront.url,
      s3: localS3.url,
      ses: `http://${HOST}:${sesPort}`,
      secrets: secretsUrl,
      sfn: '',
      http: '',
      smtp: '',
    };
    const env: Record<string, string> = {
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      DYNAMODB_ENDPOINT: urls.dynamodb,
      S3_ENDPOINT: urls.s3,
      SES_ENDPOINT: urls.ses,
      REQUESTS_TABLE: LOCAL_NAMES.requestsTable,
      CONSENTS_TABLE: LOCAL_NAMES.consentsTable,
      INBOUND_BUCKET: LOCAL_NAMES.inboundBucket,
      INBOUND_PREFIX: LOCAL_NAMES.inboundPrefix,
      PACKAGES_BUCKET: LOCAL_NAMES.packagesBucket,
      STATE_MACHINE_ARN: LOCAL_NAMES.stateMachineArn,
      MAILBOX_ADDRESS: mailbox,
      STAFF_ADDRESS: `privacy-staff@${mailDomain}`,
      SECRETSMANAGER_ENDPOINT: urls.secrets,
      ...LOCAL_SECRET_ARNS,
      ...options.env,
    };
    // The staff console, bundled from console/ and served by the same handler as on AWS.
    env.CONSOLE_ASSETS_DIR ??= await buildConsole(path.join(dataDir, 'console'));

    const dynamoClient = new DynamoDBClient({
      endpoint: urls.dynamodb,
      region: REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    await createTable(dynamoClient, LOCAL_NAMES.requestsTable, TABLES[0]);
    await createTable(dynamoClient, LOCAL_NAMES.consentsTable, TABLES[1]);
    const s3 = new S3Client({
      endpoint: urls.s3,
      region: REGION,
      forcePathStyle: true,
      credentials: LOCAL_CREDENTIALS,
    });
    for (const bucket of [LOCAL_NAMES.inboundBucket, LOCAL_NAMES.packagesBucket]) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: Error) => {
        if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
      });
    }

    // The company systems of the demo data map, seeded on first start; the handlers find them
    // through DATA_STORES_JSON, as on AWS.
    const demoStores = await startDemoStores({ dataDir, dynamo: dynamoClient, s3, log });
    stops.push(() => demoStores.stop());
    for (const [id, value] of Object.entries(demoStores.secrets)) secretsManager.put(id, value);
    Object.assign(env, { ...demoStores.env, ...options.env });

    // Each handler's SDK calls are checked against its role in the deploy's own template.
    const iam = await startLocalIam({
      ...LOCAL_IAM_NAMING,
      dataDir,
      mailDomain,
      stateMachineArn: LOCAL_NAMES.stateMachineArn,
      log,
    });
    stops.push(async () => iam.stop());

    const sfnPortWanted = port('sfn');
    // The handlers read their configuration from the process environment, as on Lambda; while a
    // function runs, it sees only its own catalogue variables (lambda-runtime.ts).
    Object.assign(process.env, env);
    // A (re)started stack is a new deployment: each function parses its configuration afresh.
    forgetParsedConfigurations();
    const handlers = await loadHandlers();
    // The state machine invokes a function only if its own role may (lambda:InvokeFunction).
    const functionArns = Object.fromEntries(
      (Object.keys(FUNCTIONS) as FunctionName[]).map((name) => [
        localFunctionArn(name),
        iam.invokedByStateMachine(localFunctionArn(name), handlers[name]),
      ]),
    );
    const substitutions = Object.fromEntries(
      Object.entries(FUNCTIONS)
        .filter(([, spec]) => 'aslPlaceholder' in spec)
        .map(([name, spec]) => [(spec as { aslPlaceholder: string }).aslPlaceholder, localFunctionArn(name)]),
    );
    const stepFunctions = new LocalStepFunctions({
      definitionFile: path.resolve(import.meta.dirname, '..', STATE_MACHINE_FILE),
      stateMachineArn: LOCAL_NAMES.stateMachineArn,
      substitutions,
      functions: functionArns,
      dataDir: path.join(dataDir, 'executions'),
      timeoutOverrides: options.stepTimeouts,
      retryIntervalOverrides: options.retryIntervals,
    });
    urls.sfn = await stepFunctions.listen(sfnPortWanted, HOST);
    stops.push(() => stepFunctions.close());
    env.SFN_ENDPOINT = urls.sfn;
    process.env.SFN_ENDPOINT = urls.sfn;
    iam.checkInvocations();
    const resumed = stepFunctions.resumePersisted();
    if (resumed > 0) log(`resumed ${resumed} running workflow(s)`);

    const smtp = new SmtpListener({
      domain: mailDomain,
      storeRaw: async (deliveryId, raw) => {
        await s3.send(
          new PutObjectCommand({
            Bucket: LOCAL_NAMES.inboundBucket,
            Key: `${LOCAL_NAMES.inboundPrefix}${deliveryId}`,
            Body: raw,
          }),
        );
      },
      invokeIntake: (event) => handlers.IntakeEmail(event),
      onError: (deliveryId, error) =>
        log(`intake failed for delivery ${deliveryId}: ${(error as Error).name}`),
    });
    const smtpPort = await smtp.listen(port('smtp'), HOST);
    stops.push(() => smtp.close());
    urls.smtp = `smtp://${HOST}:${smtpPort}`;

    const http = new LocalHttpServer(handlers, (error) => log(`handler error: ${(error as Error).name}`));
    const httpPort = await http.listen(port('http'), HOST);
    stops.push(() => http.close());
    urls.http = `http://${HOST}:${httpPort}`;
    // Links in mails (verification, downloads) point at this server, as they point at the API on AWS.
    env.PUBLIC_BASE_URL ??= urls.http;
    process.env.PUBLIC_BASE_URL = env.PUBLIC_BASE_URL;

    // The deadline watch runs on a schedule on AWS; here on an interval (PD_DEADLINE_WATCH_MINUTES, 0 = off).
    const watchMinutes = Number(process.env.PD_DEADLINE_WATCH_MINUTES ?? 60);
    if (watchMinutes > 0) {
      const timer = setInterval(() => {
        handlers
          .DeadlineWatch({ source: 'local.schedule' })
          .catch((error: Error) => log(`deadline watch failed: ${error.name}`));
      }, watchMinutes * 60_000);
      timer.unref();
      stops.push(async () => clearInterval(timer));
    }
    // The retention purge runs daily on AWS; here on an interval (PD_RETENTION_PURGE_MINUTES, 0 = off).
    const purgeMinutes = Number(process.env.PD_RETENTION_PURGE_MINUTES ?? 24 * 60);
    if (purgeMinutes > 0) {
      const purge = setInterval(() => {
        handlers
          .RetentionPurge({ source: 'local.schedule' })
          .catch((error: Error) => log(`retention purge failed: ${error.name}`));
      }, purgeMinutes * 60_000);
      purge.unref();
      stops.push(async () => clearInterval(purge));
    }
    // The breach clock runs every 15 minutes on AWS; here on an interval (PD_INCIDENT_CLOCK_MINUTES, 0 = off).
    const incidentClockMinutes = Number(process.env.PD_INCIDENT_CLOCK_MINUTES ?? 15);
    if (incidentClockMinutes > 0) {
      const incidentClock = setInterval(() => {
        handlers
          .IncidentClock({ source: 'local.schedule' })
          .catch((error: Error) => log(`incident clock failed: ${error.name}`));
      }, incidentClockMinutes * 60_000);
      incidentClock.unref();
      stops.push(async () => clearInterval(incidentClock));
    }
    stops.push(scheduleRetentionSweeps(handlers, log));
    return { urls, secrets, smtpPort, mailbox, env, stepFunctions, smtp, demoStores, iam, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
