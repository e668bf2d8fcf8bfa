/** Live counters of an emulator, for tests and benchmarks. */
export interface EmulatorStats {
  /** Event streams being written right now; back to 0 once every stream has ended or lost its client. */
  readonly openStreams: number;
  /** Calls received per model id (as sent, percent-decoded), all operations, including failed ones. */
  readonly requestsByModel: Map<string, number>;
}

/** The emulator's own handle on its stats: what tests read, plus the ways to change it. */
export interface StatsRecorder {
  readonly stats: EmulatorStats;
  recordRequest(modelId: string): void;
  streamOpened(): void;
  streamClosed(): void;
  /** Clears the request counts; open streams are live state and stay. */
  reset(): void;
}

/** Creates an empty stats recorder. */
export function createStatsRecorder(): StatsRecorder {
  let openStreams = 0;
  const requestsByModel = new Map<string, number>();
  return {
    stats: {
      get openStreams() {
        return openStreams;
      },
      requestsByModel,
    },
    recordRequest(modelId) {
      requestsByModel.set(modelId, (requestsByModel.get(modelId) ?? 0) + 1);
    },
    streamOpened() {
      openStreams++;
    },
    streamClosed() {
      openStreams--;
    },
    reset() {
      requestsByModel.clear();
    },
  };
}
