import { Writable } from 'node:stream';

const DELIMITER = new Uint8Array(8);

export interface RecordingResponseStreamOptions {
  /**
   * The client hangs up once this many non-empty body writes have arrived: the stream is destroyed, as the
   * runtime destroys its response request when the connection to the caller is lost.
   */
  hangUpAfterBodyWrites?: number;
}

/** A response stream as the Lambda runtime gives it: it records each write separately, in order. */
export class RecordingResponseStream extends Writable {
  readonly writes: Buffer[] = [];
  contentType: string | undefined;
  /** The runtime's hook: HttpResponseStream.from sets it to write the prelude before the first body write. */
  onBeforeFirstWrite: ((write: (chunk: string | Uint8Array) => void) => void) | undefined;
  private preludeWritten = false;
  private bodyWrites = 0;

  constructor(private readonly options: RecordingResponseStreamOptions = {}) {
    super();
    // The runtime listens for errors on its response request itself, so an error there never goes unheard.
    this.on('error', () => {});
  }

  setContentType(contentType: string): void {
    this.contentType = contentType;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.onBeforeFirstWrite) {
      const hook = this.onBeforeFirstWrite;
      this.onBeforeFirstWrite = undefined;
      hook((part) => this.writes.push(Buffer.from(part)));
      this.preludeWritten = true;
    }
    this.writes.push(chunk);
    callback();
    if (this.preludeWritten && chunk.length > 0) this.bodyWrites++;
    const hangUpAfter = this.options.hangUpAfterBodyWrites;
    if (hangUpAfter !== undefined && this.bodyWrites >= hangUpAfter) this.destroy();
  }

  /** Splits the recorded bytes into the metadata prelude and the body, as API Gateway does. */
  parse(): {
    metadata: { statusCode: number; headers: Record<string, string> };
    body: string;
    /** The body byte for byte, for binary bodies (event streams). */
    bodyBytes: Buffer;
    bodyWrites: number;
  } {
    const all = Buffer.concat(this.writes);
    const delimiterAt = all.indexOf(Buffer.from(DELIMITER));
    if (delimiterAt < 0) throw new Error('no metadata delimiter was written');
    const preludeWrites = this.writes.findIndex((write) => write.equals(Buffer.from(DELIMITER))) + 1;
    return {
      metadata: JSON.parse(all.subarray(0, delimiterAt).toString('utf8')),
      body: all.subarray(delimiterAt + DELIMITER.length).toString('utf8'),
      bodyBytes: all.subarray(delimiterAt + DELIMITER.length),
      bodyWrites: this.writes.slice(preludeWrites).filter((write) => write.length > 0).length,
    };
  }
}

/**
 * Installs a stand-in for the runtime's `awslambda` global that behaves like the Node.js runtime:
 * `HttpResponseStream.from` sets the integration content type and writes the JSON prelude and the 8-byte NUL
 * delimiter just before the first body write.
 */
export function installAwsLambdaStub(): () => void {
  const stub = {
    streamifyResponse: <T>(handler: T) => handler,
    HttpResponseStream: {
      from(stream: RecordingResponseStream, metadata: Record<string, unknown>) {
        stream.setContentType('application/vnd.awslambda.http-integration-response');
        stream.onBeforeFirstWrite = (write) => {
          write(JSON.stringify(metadata));
          write(DELIMITER);
        };
        return stream;
      },
    },
  };
  (globalThis as Record<string, unknown>).awslambda = stub;
  return () => {
    delete (globalThis as Record<string, unknown>).awslambda;
  };
}
