// `npm run emulator`: the emulator alone, configured by EMULATOR_* variables (see read-emulator-environment.ts).
import { createEmulator } from './create-emulator.js';
import { readEmulatorEnvironment } from './read-emulator-environment.js';

const { port, host, options } = readEmulatorEnvironment(process.env);
const emulator = createEmulator(options);
const { url } = await emulator.listen(port, host);
console.log(`Bedrock Runtime emulator listening on ${url} (HTTP/2 and HTTP/1.1). Not a language model.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
