/**
 * Reads `read()` until `done(value)` holds or `timeoutMs` passes, and returns the last value read: for work
 * the gateway finishes after the response (settlements, log lines of streams). The caller asserts on it.
 */
export async function waitFor<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}
