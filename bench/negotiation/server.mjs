// One server for bench/negotiation/run.mjs: errata's 404 on Express 5 or Koa 3 with 11 locales in `catalogs`,
// built from the `dist` directory given, on 127.0.0.1 (port 0). Driven over IPC: it reports its port, and on
// request its CPU time (`process.cpuUsage()`, user + system) and the requests it answered since the last reset.
// `node bench/negotiation/server.mjs <express|koa> <dist dir>`
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [framework, dist] = process.argv.slice(2);
const load = (name) => import(pathToFileURL(join(dist, `${name}.js`)).href);

/** 11 locales: English (errata's catalogue) and ten translations of the 404's title. */
function catalogs({ catalog, defineCatalog }) {
  const titles = {
    de: 'Nicht gefunden',
    fr: 'Introuvable',
    es: 'No encontrado',
    it: 'Non trovato',
    'pt-BR': 'Não encontrado',
    ja: '見つかりません',
    'zh-Hans': '未找到',
    ko: '찾을 수 없음',
    nl: 'Niet gevonden',
    pl: 'Nie znaleziono',
  };
  return { en: catalog, ...Object.fromEntries(Object.entries(titles).map(([tag, message]) => [tag, defineCatalog({ 404: { message } })])) };
}

try {
  const core = await load('index');
  const options = { production: true, catalogs: catalogs(core) };
  let listener;
  if (framework === 'express') {
    const { default: express } = await import('express');
    const { createErrorHandler, notFound } = await load('express');
    const app = express();
    app.use(notFound);
    app.use(createErrorHandler(options));
    listener = app;
  } else if (framework === 'koa') {
    const { default: Koa } = await import('koa');
    const { createErrorHandler } = await load('koa');
    const app = new Koa();
    app.silent = true;
    app.use(createErrorHandler(options));
    listener = app.callback();
  } else {
    throw new Error(`unknown framework ${framework}`);
  }

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
      server.closeAllConnections();
      server.close();
      process.disconnect();
    }
  });
} catch (error) {
  process.send({ type: 'error', message: error instanceof Error ? error.stack : String(error) });
  process.exitCode = 1;
  process.disconnect();
}
