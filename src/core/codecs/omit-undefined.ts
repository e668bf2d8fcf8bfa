/**
 * A shallow copy without the keys whose value is `undefined`, so optional parameters the client left out
 * are absent from a wire body rather than present and empty.
 */
export function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
