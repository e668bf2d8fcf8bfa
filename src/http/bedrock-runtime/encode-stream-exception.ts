import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import type { StreamOperation } from '../../bedrock/decode-stream-frame.js';
import type { GatewayError } from '../../core/errors.js';
import { type BedrockExceptionName, toBedrockException } from './to-bedrock-exception.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

/**
 * The exceptions each stream models as members (botocore bedrock-runtime 2023-09-30 `ConverseStreamOutput`,
 * `ResponseStream`): the SDKs throw these as the typed exception from the stream's iterator.
 */
const STREAM_EXCEPTIONS: Readonly<Record<StreamOperation, readonly BedrockExceptionName[]>> = {
  'converse-stream': [
    'InternalServerException',
    'ModelStreamErrorException',
    'ValidationException',
    'ThrottlingException',
    'ServiceUnavailableException',
  ],
  'invoke-with-response-stream': [
    'InternalServerException',
    'ModelStreamErrorException',
    'ValidationException',
    'ThrottlingException',
    'ModelTimeoutException',
    'ServiceUnavailableException',
  ],
};

function header(value: string) {
  return { type: 'string' as const, value };
}

/**
 * The frame that ends a stream on an error, in Bedrock's event-stream framing: a modelled exception
 * (`:message-type=exception`, `:exception-type` the camelCase member, body `{"message"}`) when the stream models
 * it, else an unmodelled error (`:message-type=error`, `:error-code`, `:error-message`), which the SDKs throw as
 * an error of that name.
 */
export function encodeStreamException(error: GatewayError, operation: StreamOperation): Uint8Array {
  const { name, message } = toBedrockException(error);
  if (STREAM_EXCEPTIONS[operation].includes(name)) {
    return codec.encode({
      headers: {
        ':message-type': header('exception'),
        ':exception-type': header(name.charAt(0).toLowerCase() + name.slice(1)),
        ':content-type': header('application/json'),
      },
      body: fromUtf8(JSON.stringify({ message })),
    });
  }
  return codec.encode({
    headers: {
      ':message-type': header('error'),
      ':error-code': header(name),
      ':error-message': header(message),
    },
    body: new Uint8Array(0),
  });
}
