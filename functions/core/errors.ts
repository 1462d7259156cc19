/** Named errors: each carries its cause; HTTP and workflow mapping happens at the edge. */
export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

export class ConflictError extends Error {
  override name = 'ConflictError';
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** The mail service refused a mail (throttled, rejected): it did not go out, sending again is safe. */
export class MailNotSentError extends Error {
  override name = 'MailNotSentError';
}
