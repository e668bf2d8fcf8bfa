/**
 * The V8 flags the gateway's Node processes are meant to run with (NODE_OPTIONS): the Lambda function's
 * environment (infra/terraform/modules/lambda, tested to match), the container's, and the bench's server.
 *
 * `--max-semi-space-size=2` (MiB) caps the young generation at 6 MiB instead of V8's 48 MiB. The gateway's
 * per-request garbage is short-lived and small, its live heap about 20 MiB; V8 grows the young generation to
 * its cap under load and does not give it back, so the default left an idle server at about 130 MiB of RSS
 * after a burst (about 94 MiB with this flag, measured by bench/measure-memory.ts).
 */
export const GATEWAY_NODE_OPTIONS = '--max-semi-space-size=2';
