// Helpers of pillarjs/finalhandler's test/support (utils.js, sws.js), ported for the Express apps errata runs in.
import { get, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import { Writable } from 'node:stream';
import { listen } from '../../contract/server.js';

/** finalhandler's `createError(message, props)`: an Error with extra own properties (status, statusCode, headers). */
export function createError(message?: string, props?: Record<string, unknown>): Error {
  const err = new Error(message);
  if (props) Object.assign(err, props);
  return err;
}

/** finalhandler's SlowWriteStream: takes a second to accept each chunk, so a request piped into it stays unread. */
export function createSlowWriteStream(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      setTimeout(callback, 1000).unref();
    },
  });
}

/** What a raw client saw: the reason phrase too, which supertest does not expose. */
export interface RawResult {
  status: number;
  statusMessage: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** False when the connection closed before the response ended. */
  complete: boolean;
}

/**
 * finalhandler's `rawrequest`: a GET whose request target is sent exactly as given (`/<la'me>`, or the absolute
 * form `http://localhost/foo?bar=1`), which supertest would normalise. Reads until the response ends or the
 * connection drops, then closes the server.
 */
export async function rawGet(app: RequestListener, target: string, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<RawResult> {
  const server = await listen(app);
  try {
    const { hostname, port } = new URL(server.url);
    return await new Promise<RawResult>((resolve, reject) => {
      const req = get({ host: hostname, port, path: target, headers, agent: false }, (res) => {
        let body = '';
        let settled = false;
        const finish = () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', headers: res.headers, body, complete: res.complete });
        };
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', finish);
        res.on('error', finish);
        res.on('close', finish);
      });
      const timer = setTimeout(() => {
        req.destroy();
        reject(new Error(`the response to ${target} neither ended nor closed within ${timeoutMs} ms`));
      }, timeoutMs);
      req.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } finally {
    await server.close();
  }
}
