/**
 * A function that runs `build` on its first call and returns that result ever after. For module state that is
 * costly to build and not always needed (zod schemas of routes a cold start may never serve): built on first
 * use instead of at import.
 */
export function buildOnce<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
