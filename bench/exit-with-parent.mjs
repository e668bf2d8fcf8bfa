// Preloaded into the gateway bundle (`node --import bench/exit-with-parent.mjs dist/server.mjs`): the bench
// holds this process's stdin, so stdin ends when the bench dies, however it dies (even SIGKILL), and then this
// process exits too instead of living on as an orphan.
process.stdin.once('end', () => process.exit(0));
process.stdin.resume();
