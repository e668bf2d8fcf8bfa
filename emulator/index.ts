export { createEmulator, type Emulator, type EmulatorOptions } from './create-emulator.js';
export type { EmulatorStats } from './emulator-stats.js';
export { type FaultConfig, type FaultRule, parseFaultConfig } from './faults.js';
