import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { SESEvent } from 'aws-lambda';
import { SMTPServer } from 'smtp-server';

/**
 * The local stand-in for SES receiving: accepts mail for the mail domain over real SMTP, stores
 * the raw MIME in the inbound bucket under an SES-like message id (the receipt rule's S3 action),
 * then invokes the intake handler asynchronously with an SES-shaped event (its Lambda action).
 * No SPF/DKIM/DMARC checks are possible offline, so those verdicts are GRAY (see localVirusVerdict).
 */
export interface SmtpListenerOptions {
  domain: string;
  /** SES accepts up to 40 MB per message. */
  maxBytes?: number;
  storeRaw: (deliveryId: string, raw: Buffer) => Promise<void>;
  invokeIntake: (event: SESEvent) => Promise<unknown>;
  onError?: (deliveryId: string, error: unknown) => void;
}

const sesMessageId = () => randomBytes(20).toString('hex').slice(0, 32);

// The anti-virus test file (eicar.org), as text and as the first line of a base64 attachment.
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
const EICAR_BASE64 = 'WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElW';

/**
 * No real virus scan offline: like SES's scanner, the stand-in fails the EICAR test file, so the
 * quarantine path can be exercised end to end; everything else is GRAY.
 */
export function localVirusVerdict(raw: Buffer): 'FAIL' | 'GRAY' {
  const text = raw.toString('latin1');
  return text.includes(EICAR) || text.includes(EICAR_BASE64) ? 'FAIL' : 'GRAY';
}

/** The From header's value, unfolded, read as SES does for `commonHeaders` (no MIME parsing). */
function fromHeaderOf(raw: Buffer): string | undefined {
  const head = raw.subarray(0, 64 * 1024).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const unfolded = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  return unfolded.match(/^from:[ \t]*(.+)$/im)?.[1]?.trim();
}

export function sesEventFor(deliveryId: string, from: string, recipients: string[], raw: Buffer): SESEvent {
  const fromHeader = fromHeaderOf(raw);
  const gray = { status: 'GRAY' };
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp: new Date().toISOString(),
            source: from,
            messageId: deliveryId,
            destination: recipients,
            headersTruncated: false,
            headers: [],
            commonHeaders: {
              returnPath: from,
              ...(fromHeader ? { from: [fromHeader] } : {}),
              to: recipients,
              messageId: deliveryId,
              subject: '',
            },
          },
          receipt: {
            timestamp: new Date().toISOString(),
            processingTimeMillis: 0,
            recipients,
            spamVerdict: gray,
            virusVerdict: { status: localVirusVerdict(raw) },
            spfVerdict: gray,
            dkimVerdict: gray,
            dmarcVerdict: gray,
            dmarcPolicy: 'none',
            action: { type: 'Lambda', invocationType: 'Event', functionArn: 'local:IntakeEmail' },
          },
        },
      },
    ],
  } as unknown as SESEvent;
}

/** Lambda retries an asynchronous invocation twice before giving up. */
async function invokeAsync(
  invoke: () => Promise<unknown>,
  onFinalError: (error: unknown) => void,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await invoke();
      return;
    } catch (error) {
      if (attempt >= 3) return onFinalError(error);
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

export class SmtpListener {
  private readonly server: SMTPServer;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(options: SmtpListenerOptions) {
    const maxBytes = options.maxBytes ?? 40 * 1024 * 1024;
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      size: maxBytes,
      logger: false,
      banner: 'Privacy Desk local SES receiving',
      onRcptTo: (address, _session, callback) => {
        const domain = address.address.split('@').pop()?.toLowerCase();
        if (domain !== options.domain.toLowerCase()) {
          callback(
            Object.assign(new Error(`550 relay denied: we only receive mail for ${options.domain}`), {
              responseCode: 550,
            }),
          );
          return;
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error) => callback(error));
        stream.on('end', () => {
          if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
            callback(Object.assign(new Error('552 message exceeds the 40 MB limit'), { responseCode: 552 }));
            return;
          }
          const raw = Buffer.concat(chunks);
          const deliveryId = sesMessageId();
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          const recipients = session.envelope.rcptTo.map((r) => r.address);
          options
            .storeRaw(deliveryId, raw)
            .then(() => {
              callback(null, `Ok: queued as ${deliveryId}`);
              const job = invokeAsync(
                () => options.invokeIntake(sesEventFor(deliveryId, from, recipients, raw)),
                (error) => options.onError?.(deliveryId, error),
              ).finally(() => this.inFlight.delete(job));
              this.inFlight.add(job);
            })
            .catch((error: Error) => callback(Object.assign(error, { responseCode: 451 })));
        });
      },
    });
    this.server.on('error', () => undefined); // a broken client session must not stop the listener
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(port, host, resolve));
    return (this.server.server.address() as AddressInfo).port;
  }

  /** Resolves when every accepted mail has been handed to intake. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    await this.drain();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
