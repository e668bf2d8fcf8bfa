/** Bench child: the Bedrock emulator alone, at zero model latency, on an ephemeral loopback port. */
import { createEmulator } from '../emulator/index.js';
import { closeWhenAsked, reportReady } from './serve-child.js';

const emulator = createEmulator({ seed: 1, latencyMs: 0 });
const { url } = await emulator.listen(0, '127.0.0.1');
closeWhenAsked(() => emulator.close());
reportReady({ url });
