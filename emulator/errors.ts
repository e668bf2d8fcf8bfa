/** HTTP status of every exception Bedrock Runtime models, as the service sends it. */
export const EXCEPTION_STATUS = {
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  ServiceUnavailableException: 503,
  InternalServerException: 500,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ModelStreamErrorException: 424,
  ValidationException: 400,
  ServiceQuotaExceededException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
} as const;

/** The name of a Bedrock Runtime exception, as sent in `x-amzn-ErrorType`. */
export type ExceptionName = keyof typeof EXCEPTION_STATUS;

/** Every exception name, for messages that list the valid ones. */
export const EXCEPTION_NAMES = Object.keys(EXCEPTION_STATUS) as ExceptionName[];

/** The messages real Bedrock sends with each exception, so clients that show them look familiar. */
const DEFAULT_MESSAGES: Record<ExceptionName, string> = {
  ThrottlingException: 'Too many requests, please wait before trying again.',
  ModelNotReadyException: 'Model is not ready for inference. Wait and try your request again.',
  ServiceUnavailableException: 'Bedrock is unable to process your request.',
  InternalServerException:
    'The system encountered an unexpected error during processing. Try your request again.',
  ModelTimeoutException: 'Model has timed out in processing the request. Try your request again.',
  ModelErrorException: 'The model returned an error while processing the request.',
  ModelStreamErrorException: 'An error occurred while streaming the response. Retry your request.',
  ValidationException: 'Input validation failed. Check your request and try again.',
  ServiceQuotaExceededException: 'Your request exceeds the service quota for your account.',
  AccessDeniedException: "You don't have access to the model with the specified model ID.",
  ResourceNotFoundException: 'The requested resource could not be found.',
};

/** Tells whether a string names a Bedrock Runtime exception. */
export function isExceptionName(name: string): name is ExceptionName {
  return Object.hasOwn(EXCEPTION_STATUS, name);
}

/** The camelCase member name an exception has inside an event stream (`ThrottlingException` -> `throttlingException`). */
export function toStreamExceptionType(name: ExceptionName): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * A Bedrock Runtime exception the emulator answers with.
 * It becomes an HTTP response in one place (handle-request.ts), or a stream exception frame.
 */
export class BedrockExceptionError extends Error {
  override readonly name = 'BedrockExceptionError';
  /** `x-amzn-ErrorType`; `UnknownOperationException` is what Bedrock sends for paths it does not serve. */
  readonly exceptionName: ExceptionName | 'UnknownOperationException';
  /** Members beyond `message` that Bedrock adds for some exceptions (e.g. `originalStatusCode`). */
  readonly extraFields: Readonly<Record<string, unknown>>;

  constructor(
    exceptionName: ExceptionName | 'UnknownOperationException',
    message?: string,
    extraFields: Record<string, unknown> = {},
  ) {
    super(
      message ??
        (exceptionName === 'UnknownOperationException'
          ? 'Unknown operation'
          : DEFAULT_MESSAGES[exceptionName]),
    );
    this.exceptionName = exceptionName;
    this.extraFields = extraFields;
  }

  /** The HTTP status Bedrock uses for this exception. */
  get statusCode(): number {
    return this.exceptionName === 'UnknownOperationException' ? 404 : EXCEPTION_STATUS[this.exceptionName];
  }

  /** The JSON error body, `{"message": ...}` plus the exception's extra members. */
  toJSON(): Record<string, unknown> {
    return { message: this.message, ...this.extraFields };
  }
}

/** Creates a ValidationException with the given message. */
export function createValidationError(message: string): BedrockExceptionError {
  return new BedrockExceptionError('ValidationException', message);
}

/**
 * Creates an exception as a `fail=` directive or a fault asks for it, with the extra members Bedrock sends
 * for model errors, so typed SDK exceptions carry realistic fields.
 */
export function createInjectedError(
  name: ExceptionName,
  modelId: string,
  reason: string,
): BedrockExceptionError {
  const message = `${DEFAULT_MESSAGES[name]} (${reason})`;
  if (name === 'ModelErrorException') {
    return new BedrockExceptionError(name, message, { originalStatusCode: 500, resourceName: modelId });
  }
  if (name === 'ModelStreamErrorException') {
    return new BedrockExceptionError(name, message, { originalStatusCode: 500, originalMessage: message });
  }
  return new BedrockExceptionError(name, message);
}
