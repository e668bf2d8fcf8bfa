// Preload for the peer gateway (node --import): Portkey's node entry calls `serve({ port })`, which binds every
// interface. The bench binds servers to loopback only, so a `listen()` without a host gets 127.0.0.1.
import { Server } from 'node:net';

const listen = Server.prototype.listen;
Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const port = Number(first);
    const rest = args.slice(1);
    if (typeof rest[0] === 'string') return listen.call(this, port, ...rest);
    return listen.call(this, port, '127.0.0.1', ...rest);
  }
  if (
    first !== null &&
    typeof first === 'object' &&
    !('_handle' in first) &&
    first.path === undefined &&
    first.host === undefined
  ) {
    return listen.call(this, { ...first, host: '127.0.0.1' }, ...args.slice(1));
  }
  return listen.apply(this, args);
};
