// One case as a real HTTP server on 127.0.0.1 (port 0), driven over IPC by bench/http/run.mjs:
// it reports its port, and on request its CPU time and request count. (No injection here: light-my-request
// leaves Express's request prototype patched, and real sockets then crash in its destroy().)
import { createServer } from 'node:http';
import { loadCase } from '../cases/index.mjs';

const id = process.argv[2];
try {
  const testCase = await loadCase(id);
  const listener = await testCase.create();

  let requests = 0;
  let since = process.cpuUsage();
  const server = createServer((req, res) => {
    requests++;
    listener(req, res);
  });
  server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
  process.on('message', (message) => {
    if (message.type === 'reset') {
      requests = 0;
      since = process.cpuUsage();
      process.send({ type: 'reset' });
    } else if (message.type === 'stats') {
      const { user, system } = process.cpuUsage(since);
      process.send({ type: 'stats', requests, cpuMicros: user + system });
    } else if (message.type === 'stop') {
      server.close();
      process.disconnect();
    }
  });
} catch (error) {
  process.send({ type: 'error', message: error instanceof Error ? error.stack : String(error) });
  process.exitCode = 1;
  process.disconnect();
}
