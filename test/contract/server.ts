import { createServer, get, type RequestListener, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

/** A server for one test file: loopback only, on a free port. */
export interface TestServer {
  url: string;
  server: Server;
  close: () => Promise<void>;
}

/** Starts `listener` on 127.0.0.1 with port 0 and returns its base URL. */
export async function listen(listener: RequestListener): Promise<TestServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A raw HTTP/1.1 exchange: what came before the blank line, parsed, and every byte after it (a HEAD answer has none). */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  after: string;
}

/**
 * Sends one request over a plain socket and reads until the server closes it, so that bytes a client library
 * would discard (a body after HEAD) are seen. Bounded by `timeoutMs`.
 */
export async function rawRequest(url: string, lines: readonly string[], timeoutMs = 5000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
  socket.end([...lines, `Host: ${hostname}:${port}`, 'Connection: close', '', ''].join('\r\n'));
  let data = '';
  socket.setEncoding('latin1');
  for await (const chunk of socket) data += chunk as string;
  const split = data.indexOf('\r\n\r\n');
  const [statusLine = '', ...headerLines] = data.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1]), headers, after: data.slice(split + 4) };
}

/** What a client saw of a response that may have been cut off. */
export interface ReadResult {
  status: number;
  body: string;
  /** False when the connection closed before the response ended. */
  complete: boolean;
}

/** GETs `path` and reads until the response ends or the connection drops; rejects if neither happens within `timeoutMs`. */
export function readResponse(url: string, path: string, timeoutMs = 3000): Promise<ReadResult> {
  return new Promise((resolve, reject) => {
    const req = get(new URL(path, url), { agent: false }, (res) => {
      let body = '';
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body, complete: res.complete });
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', finish);
      res.on('error', finish);
      res.on('close', finish);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`the response to ${path} neither ended nor closed within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
