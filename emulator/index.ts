export type { ApplicationInferenceProfiles } from './application-inference-profiles.js';
export { FOUNDATION_MODELS, findFoundationModel } from './catalogue/bedrock-catalogue.js';
export type {
  EmbeddingModel,
  FoundationModel,
  Lifecycle,
  ProfilePrefix,
  RetiredModel,
  ServingModel,
  TextCapabilities,
  TextModel,
} from './catalogue/foundation-model.js';
export { createEmulator, type Emulator, type EmulatorOptions } from './create-emulator.js';
export type { EmulatorStats } from './emulator-stats.js';
export { type FaultConfig, type FaultRule, parseFaultConfig } from './faults.js';
