import type { SESEvent, SESReceiptStatus } from 'aws-lambda';
import type { Verdict, Verdicts } from '../core/request';

/** What intake needs from one SES receipt record. */
export interface SesReceipt {
  deliveryId: string;
  recipients: string[];
  receivedAt: string;
  verdicts: Verdicts;
}

const verdict = (status: SESReceiptStatus | undefined): Verdict =>
  (status?.status as Verdict | undefined) ?? 'GRAY';

export function receiptsOf(event: SESEvent): SesReceipt[] {
  return event.Records.map(({ ses: { mail, receipt } }) => ({
    deliveryId: mail.messageId,
    recipients: receipt.recipients,
    receivedAt: new Date(mail.timestamp).toISOString(),
    verdicts: {
      spf: verdict(receipt.spfVerdict),
      dkim: verdict(receipt.dkimVerdict),
      dmarc: verdict(receipt.dmarcVerdict),
      spam: verdict(receipt.spamVerdict),
      virus: verdict(receipt.virusVerdict),
    },
  }));
}
