/**
 * The prefix the surface's routes are registered under: `''` for the root (`bedrockRuntime.basePath` `/`),
 * else the configured path, which the config has already stripped of a trailing slash.
 */
export function toRoutePrefix(basePath: string): string {
  return basePath === '/' ? '' : basePath;
}

/**
 * Whether a request path belongs to the Bedrock Runtime surface: the runtime operations under `/model/` and
 * the control plane's `/inference-profiles`. Its errors are then Bedrock's (`x-amzn-ErrorType`), as its
 * clients parse them, unknown operations under it included.
 */
export function isBedrockRuntimePath(prefix: string, path: string): boolean {
  if (!path.startsWith(`${prefix}/`)) return false;
  const rest = path.slice(prefix.length);
  return (
    rest.startsWith('/model/') || rest === '/inference-profiles' || rest.startsWith('/inference-profiles/')
  );
}
