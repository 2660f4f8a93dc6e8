import { IncomingMessage, ServerResponse } from 'node:http';
import { Duplex } from 'node:stream';

// A minimal in-process injector: Node's own IncomingMessage and ServerResponse over a fake socket that keeps
// what the response writes. light-my-request was the first choice, but on Node 20 it retains about 9 kB per
// request (heap grows ~45 MB per 5,000 injections even into `(req, res) => res.end()`), which the memory
// benchmark would blame on errata and which makes the collector's work grow with the request count.
class FakeSocket extends Duplex {
  constructor() {
    super();
    this.chunks = [];
    this.remoteAddress = '127.0.0.1';
    this.encrypted = false;
  }
  _read() {}
  _write(chunk, _encoding, callback) {
    this.chunks.push(chunk);
    callback();
  }
  setTimeout() {
    return this;
  }
  setNoDelay() {
    return this;
  }
  setKeepAlive() {
    return this;
  }
  destroy(error) {
    this.destroyedWith = error ?? null;
    return super.destroy(error);
  }
}

function decodeChunked(raw) {
  let body = '';
  let rest = raw;
  for (;;) {
    const end = rest.indexOf('\r\n');
    const size = Number.parseInt(rest.slice(0, end), 16);
    if (!(size > 0)) return body;
    body += rest.slice(end + 2, end + 2 + size);
    rest = rest.slice(end + 2 + size + 2);
  }
}

/** Parses the raw HTTP/1.1 response a ServerResponse wrote: status, lower-cased headers, body as text. */
function parseResponse(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = raw.slice(0, split).split('\r\n');
  const headers = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const rawBody = raw.slice(split + 4);
  const body = headers['transfer-encoding'] === 'chunked' ? decodeChunked(rawBody) : rawBody;
  // Read as latin1 so that byte counts hold while parsing; the body itself is UTF-8.
  return { statusCode: Number(statusLine.split(' ')[1]), headers, body: Buffer.from(body, 'latin1').toString('utf8') };
}

/** Injects one request into a Node request listener in-process (no network) and resolves with the response. */
export function injectCase(listener, testCase) {
  return new Promise((resolve, reject) => {
    const socket = new FakeSocket();
    const req = new IncomingMessage(socket);
    req.method = testCase.method ?? 'GET';
    req.url = testCase.url;
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.httpVersion = '1.1';
    const headers = { host: 'localhost', 'user-agent': 'errata-bench', ...testCase.headers };
    req.headers = headers;
    req.rawHeaders = Object.entries(headers).flat();
    req.push(null);
    const res = new ServerResponse(req);
    res.assignSocket(socket);
    res.on('finish', () => {
      res.detachSocket(socket);
      resolve(parseResponse(Buffer.concat(socket.chunks).toString('latin1')));
    });
    socket.on('close', () => {
      if (!res.writableFinished) reject(new Error(`${req.method} ${req.url}: the socket was destroyed before the response ended`));
    });
    listener(req, res);
  });
}
