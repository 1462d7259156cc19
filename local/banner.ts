import type { LocalStack } from './stack';

export function printBanner(stack: LocalStack): void {
  const { urls } = stack;
  const lines = [
    'Privacy Desk — local stack is running',
    '',
    `  Web form and API      ${urls.http}/`,
    `  Send mail to          ${stack.mailbox} via ${urls.smtp}`,
    `  Outgoing mail (SES)   ${urls.ses}/   (JSON: ${urls.ses}/store)`,
    `  DynamoDB              ${urls.dynamodb}`,
    `  S3                    ${urls.s3}`,
    `  Step Functions API    ${urls.sfn}`,
    '',
    '  Data is kept in .local/ between starts. Ctrl-C stops everything.',
  ];
  console.log(lines.join('\n'));
}
