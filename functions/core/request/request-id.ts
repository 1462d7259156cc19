import { randomBytes } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I: read aloud on the phone

/** `PD-YYYYMMDD-XXXXXX`: sortable by day, short enough to quote, valid as an execution name. */
export function newRequestId(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  const suffix = [...randomBytes(6)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  return `PD-${day}-${suffix}`;
}

export function isRequestId(value: string): boolean {
  return /^PD-\d{8}-[2-9A-HJ-NP-Z]{6}$/.test(value);
}
