import { Agent, request, type OutgoingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

/** What a test reads from one response: status, raw header pairs (as sent) and the body. */
export interface RawResponse {
  status: number;
  headers: Array<[name: string, value: string]>;
  body: string;
}

const REQUEST_TIMEOUT = 5_000;

/** Listens on 127.0.0.1 with an OS-chosen port and resolves the port. */
export async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Closes a server and every connection it still holds. */
export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * One request with Node's client, over a keep-alive agent so that a broken response (stray body bytes after
 * a HEAD, a half-written message) would also break the next request on the same connection.
 */
export function send(port: number, agent: Agent, method: string, path: string, headers: OutgoingHttpHeaders = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent, timeout: REQUEST_TIMEOUT }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const headers: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no response within ${REQUEST_TIMEOUT} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** A keep-alive agent with a single socket, so consecutive requests share one connection. */
export function keepAliveAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 1 });
}

/** Looks a header up by name, case-insensitively. */
export function header(response: RawResponse, name: string): string | undefined {
  return response.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

/**
 * Writes raw bytes to the server (for requests Node's client refuses to send) and collects everything the
 * server writes back until it closes the connection or `quietMs` pass without data.
 */
export function rawExchange(port: number, bytes: string, quietMs = 300): Promise<{ data: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    let timer: NodeJS.Timeout | undefined;
    const finish = (closedByServer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ data, closedByServer });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(false), quietMs);
    };
    socket.setEncoding('latin1');
    socket.on('connect', () => {
      socket.write(bytes, 'latin1');
      arm();
    });
    socket.on('data', (chunk: string) => {
      data += chunk;
      arm();
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
