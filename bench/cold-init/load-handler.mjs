// Cold init probe: `node load-handler.mjs <module>` imports a Lambda handler module as the Node.js runtime
// would, with a stand-in for the runtime's `awslambda` global, and prints how long after process start the
// handler was ready. Plain JavaScript, so that no loader (tsx) adds to the time measured.
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const DELIMITER = new Uint8Array(8);

// As test/support/lambda-runtime-stub.ts: streamifyResponse marks the handler, HttpResponseStream.from writes
// the JSON prelude and the 8-byte delimiter before the first body write.
globalThis.awslambda = {
  streamifyResponse: (handler) => handler,
  HttpResponseStream: {
    from(stream, metadata) {
      let preludeWritten = false;
      return new Writable({
        write(chunk, encoding, callback) {
          if (!preludeWritten) {
            preludeWritten = true;
            stream.write(JSON.stringify(metadata));
            stream.write(DELIMITER);
          }
          stream.write(chunk, encoding, callback);
        },
      });
    },
  },
};

const module = await import(pathToFileURL(process.argv[2]).href);
if (typeof module.handler !== 'function') throw new Error(`${process.argv[2]} exports no handler function`);
// CPU time as well as wall time: on a busy machine the wall time also holds time spent waiting for a core.
const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({ readyMs: performance.now(), cpuMs: (cpu.user + cpu.system) / 1000 })}\n`,
);
