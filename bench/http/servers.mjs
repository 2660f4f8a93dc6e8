import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { environmentOf } from '../cases/index.mjs';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));

/** Starts one case's server process; resolves once it has checked its answer and listens. */
export function startServer(id) {
  // Only the tail of stderr is kept: finalhandler logs every error, which belongs to its cost, not to the report.
  const child = fork(SERVER, [id], { env: { ...process.env, NODE_ENV: environmentOf(id) }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
  let exited;
  child.on('exit', (code, signal) => {
    exited = `server ${id} exited with ${code ?? signal}:\n${stderr}`;
    while (waiting.length > 0) waiting.shift()({ type: 'error', message: exited });
  });
  const replies = [];
  const waiting = [];
  child.on('message', (message) => (waiting.length > 0 ? waiting.shift()(message) : replies.push(message)));
  const next = () =>
    new Promise((resolve, reject) => {
      if (replies.length > 0) return resolve(replies.shift());
      const timer = setTimeout(() => reject(new Error(`server ${id} did not answer over IPC`)), 30_000);
      waiting.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  const ask = async (type) => {
    if (exited) throw new Error(exited);
    child.send({ type });
    const reply = await next();
    if (reply.type === 'error') throw new Error(reply.message);
    return reply;
  };
  return next().then((message) => {
    if (message.type !== 'ready') throw new Error(`server ${id} failed:\n${message.message}`);
    return {
      id,
      url: `http://127.0.0.1:${message.port}/items/42`,
      reset: () => ask('reset'),
      stats: () => ask('stats'),
      stop: () => {
        child.send({ type: 'stop' });
        setTimeout(() => child.kill(), 2000).unref();
      },
    };
  });
}
