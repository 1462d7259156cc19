import type { MessageReader, StoredMessage } from '../core/staff/staff-ports';
import { parseMail } from './parse-mail';
import { isMissingObject, readObject } from './s3-objects';

/** Beyond this, the console shows the start of a message and says it was cut. */
const MAX_TEXT = 100_000;

function parseRef(ref: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(ref);
  return match?.[1] && match[2] ? { bucket: match[1], key: match[2] } : undefined;
}

/** Reads a raw inbound object from S3 and reduces it to text with the intake's MIME parser. */
export class S3MessageReader implements MessageReader {
  async read(rawRef: string): Promise<StoredMessage | undefined> {
    const location = parseRef(rawRef);
    if (!location) return undefined;
    let raw: Buffer;
    try {
      raw = await readObject(location.bucket, location.key);
    } catch (error) {
      if (isMissingObject(error)) return undefined;
      throw error;
    }
    const mail = await parseMail(raw);
    return {
      ...(mail.from
        ? { from: mail.from.name ? `${mail.from.name} <${mail.from.address}>` : mail.from.address }
        : {}),
      to: mail.to,
      subject: mail.subject,
      ...(mail.date ? { date: mail.date } : {}),
      text: mail.text.slice(0, MAX_TEXT),
      attachments: mail.attachments,
      truncated: mail.text.length > MAX_TEXT,
    };
  }
}
