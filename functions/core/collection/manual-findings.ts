import { ValidationError } from '../errors';
import type { ObjectStore } from '../request/artefacts';
import type { LocatedRecord } from './connector';

/**
 * What staff found by hand in a manual store (a shared drive, paper): a description and the files
 * themselves, attached when they complete the store's task. The staff action keeps them beside the
 * request's findings; the collect step turns them into the store's records, so they reach the
 * access package (Art. 15(1), (3)) and the erasure plan like any connector's records. They live
 * under the findings prefix, so they go wherever the findings go (erasure, expiry, retention).
 */

/** A file as the console or the command line sends it. */
export interface AttachedFile {
  name: string;
  contentType?: string;
  /** The file's bytes, base64. */
  dataBase64: string;
}

/** `findings/<requestId>/manual/<storeId>.json`: no bytes, only what the files are. */
export interface ManualFindings {
  storeId: string;
  description?: string;
  files: { name: string; contentType: string; bytes: number; key: string }[];
  attachedBy: string;
  attachedAt: string;
}

export const MAX_ATTACHED_FILES = 10;
/** Decoded bytes of all files of one task: the staff API's body (base64) stays under Lambda's 6 MB. */
export const MAX_ATTACHED_BYTES = 4 * 1024 * 1024;
const MAX_DESCRIPTION = 5000;

export const manualFindingsKey = (requestId: string, storeId: string) =>
  `findings/${requestId}/manual/${storeId}.json`;
const attachmentKey = (requestId: string, storeId: string, name: string) =>
  `findings/${requestId}/manual/${storeId}/${name}`;

/** The file's name in the access package: prefixed by its store, so two stores' files never clash. */
export const packageFileName = (storeId: string, name: string) => `${storeId}-${name}`;

/** A file name safe as an object key and a download name: letters, digits, dot, dash, underscore. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(-100);
  if (!cleaned) throw new ValidationError('an attached file needs a name', { files: 'invalid' });
  return cleaned;
}

/** Checks the attached files: how many, how large, named and typed so the package can serve them. */
export function parseAttachedFiles(value: unknown): { name: string; contentType: string; body: Buffer }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > MAX_ATTACHED_FILES)
    throw new ValidationError(`files must be a list of at most ${MAX_ATTACHED_FILES}`, { files: 'invalid' });
  const seen = new Set<string>();
  let total = 0;
  return value.map((raw: unknown) => {
    const file = raw as Partial<AttachedFile> | null;
    if (!file || typeof file.name !== 'string' || typeof file.dataBase64 !== 'string')
      throw new ValidationError('each file needs a name and dataBase64', { files: 'invalid' });
    const name = safeFileName(file.name);
    if (seen.has(name)) throw new ValidationError(`two files are named ${name}`, { files: 'invalid' });
    seen.add(name);
    const body = Buffer.from(file.dataBase64, 'base64');
    total += body.length;
    if (total > MAX_ATTACHED_BYTES)
      throw new ValidationError('the attached files are too large', { files: 'too_large' });
    const contentType =
      typeof file.contentType === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(file.contentType)
        ? file.contentType
        : 'application/octet-stream';
    return { name, contentType, body };
  });
}

/** Stores the description and files of one manual store; the files first, the list of them last. */
export async function saveManualFindings(
  args: {
    requestId: string;
    storeId: string;
    description?: string;
    files: readonly { name: string; contentType: string; body: Buffer }[];
    actor: string;
    at: string;
  },
  objects: Pick<ObjectStore, 'put'>,
): Promise<ManualFindings> {
  const findings: ManualFindings = {
    storeId: args.storeId,
    files: [],
    attachedBy: args.actor,
    attachedAt: args.at,
  };
  const description = args.description?.trim().slice(0, MAX_DESCRIPTION);
  if (description) findings.description = description;
  for (const file of args.files) {
    const key = attachmentKey(args.requestId, args.storeId, file.name);
    await objects.put(key, file.body, file.contentType);
    findings.files.push({ name: file.name, contentType: file.contentType, bytes: file.body.length, key });
  }
  await objects.put(
    manualFindingsKey(args.requestId, args.storeId),
    JSON.stringify(findings, null, 2),
    'application/json; charset=utf-8',
  );
  return findings;
}

/** The store's records from what staff attached: the description, then one record per file. */
export function manualRecords(findings: ManualFindings): LocatedRecord[] {
  const records: LocatedRecord[] = [];
  if (findings.description) {
    records.push({
      recordId: `${findings.storeId}:description`,
      fields: { description: findings.description },
      location: { store: findings.storeId, entry: 'description' },
    });
  }
  for (const file of findings.files) {
    records.push({
      recordId: fileRecordId(findings.storeId, file.name),
      fields: {
        file: packageFileName(findings.storeId, file.name),
        contentType: file.contentType,
        bytes: file.bytes,
      },
      location: { store: findings.storeId, file: file.name },
    });
  }
  return records;
}

/** The attached files to copy into the package. */
export function attachedFilesOf(
  findings: ManualFindings,
  withheld: ReadonlySet<string> = new Set(),
): { key: string; packageName: string; contentType: string; bytes: number }[] {
  // A file staff withheld at the package check (Art. 15(4)) is its record: it stays out too.
  return findings.files
    .filter((f) => !withheld.has(fileRecordId(findings.storeId, f.name)))
    .map((f) => ({
      key: f.key,
      packageName: packageFileName(findings.storeId, f.name),
      contentType: f.contentType,
      bytes: f.bytes,
    }));
}

function fileRecordId(storeId: string, name: string): string {
  return `${storeId}:file:${name}`;
}
