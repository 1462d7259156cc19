import type { SESEvent, SESReceiptStatus } from 'aws-lambda';
import type { Verdict, Verdicts } from '../core/request/request';

/** What intake needs from one SES receipt record. */
export interface SesReceipt {
  deliveryId: string;
  recipients: string[];
  receivedAt: string;
  verdicts: Verdicts;
  /** The sender as SES read it (the From header, else the envelope), for mail we cannot parse. */
  reportedSender?: string;
}

const ADDRESS = /^[^\s@<>"]+@[^\s@<>"]+$/;

/** `Astrid <astrid@example.se>` or `astrid@example.se` → the address, if it is one. */
function addressIn(value: string | undefined): string | undefined {
  const candidate = (value?.match(/<([^<>]*)>\s*$/)?.[1] ?? value ?? '').trim();
  return ADDRESS.test(candidate) ? candidate : undefined;
}

const verdict = (status: SESReceiptStatus | undefined): Verdict =>
  (status?.status as Verdict | undefined) ?? 'GRAY';

export function receiptsOf(event: SESEvent): SesReceipt[] {
  return event.Records.map(({ ses: { mail, receipt } }) => ({
    deliveryId: mail.messageId,
    recipients: receipt.recipients,
    receivedAt: new Date(mail.timestamp).toISOString(),
    ...reported(addressIn(mail.commonHeaders?.from?.[0]) ?? addressIn(mail.source)),
    verdicts: {
      spf: verdict(receipt.spfVerdict),
      dkim: verdict(receipt.dkimVerdict),
      dmarc: verdict(receipt.dmarcVerdict),
      spam: verdict(receipt.spamVerdict),
      virus: verdict(receipt.virusVerdict),
    },
  }));
}

const reported = (address: string | undefined) => (address ? { reportedSender: address } : {});
