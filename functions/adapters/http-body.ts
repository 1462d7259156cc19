import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** A body larger than its route takes: answered with a 413 before anything reads it. */
export class PayloadTooLargeError extends Error {
  override name = 'PayloadTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`The body is larger than ${maxBytes} bytes.`);
  }
}

/** The body as text, or undefined when there is none; throws PayloadTooLargeError past maxBytes. */
export function bodyText(event: APIGatewayProxyEventV2, maxBytes: number): string | undefined {
  if (event.body === undefined) return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (bytes.length > maxBytes) throw new PayloadTooLargeError(maxBytes);
  return bytes.toString('utf8');
}
