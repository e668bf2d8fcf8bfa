/**
 * A response body that pulls one item at a time from `items` and writes it as `encode` makes it, so each is
 * sent as soon as it exists and nothing is buffered. When the client goes away the body is cancelled, which
 * ends the source iterator (and with it the upstream call). `onEnd` runs once, however the body ends. Every
 * streamed answer (SSE, Bedrock's event stream) is written through this one body.
 */
export function createStreamingBody<T>(
  items: AsyncIterable<T>,
  encode: (item: T) => Uint8Array,
  onEnd: () => void,
): ReadableStream<Uint8Array> {
  const iterator = items[Symbol.asyncIterator]();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    onEnd();
  };
  // Ending the source runs its `finally` (settling usage, completing the log fields) before `onEnd`.
  const finish = async () => {
    try {
      await iterator.return?.();
    } finally {
      end();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        controller.error(error);
        end();
        return;
      }
      if (next.done) {
        controller.close();
        end();
        return;
      }
      try {
        controller.enqueue(encode(next.value));
      } catch {
        // The body was cancelled while the next item was on its way.
        await finish();
      }
    },
    cancel: finish,
  });
}
