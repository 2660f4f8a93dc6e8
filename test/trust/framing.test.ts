import { afterEach, describe, expect, it } from 'vitest';
import { Conflict, NotFound, UpgradeRequired } from '../../src/index.js';
import { listen, type TestServer } from '../contract/server.js';
import { nodeGet, trustFrameworks } from './support/apps.js';

// Issue 14 items 4, 12, 13: what a route set on the response before it failed must not break errata's answer.
describe.each(trustFrameworks)('$name: the response a route started to shape', (framework) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('drops a Transfer-Encoding the route set, so Node, fetch and undici all read the error (RFC 9112 §6.2)', async () => {
    server = await listen(
      framework.app((res) => {
        // A proxy copying upstream headers, then failing before it wrote a byte.
        res.setHeader('Transfer-Encoding', 'chunked');
        res.setHeader('Connection', 'keep-alive, X-Upstream');
        res.setHeader('Keep-Alive', 'timeout=5');
        res.setHeader('Upgrade', 'h2c');
        return new NotFound();
      }),
    );
    const viaNode = await nodeGet(`${server.url}/x`);
    expect(viaNode.status).toBe(404);
    expect(viaNode.headers['transfer-encoding']).toBeUndefined();
    expect(viaNode.headers.upgrade).toBeUndefined();
    expect(viaNode.headers['keep-alive']).toBeUndefined();
    expect(viaNode.headers['content-length']).toBe(String(Buffer.byteLength(viaNode.body)));
    expect(JSON.parse(viaNode.body)).toMatchObject({ status: 404, error: 'Not Found' });
    const viaFetch = await fetch(`${server.url}/x`);
    expect(viaFetch.status).toBe(404);
    expect(await viaFetch.json()).toMatchObject({ status: 404 });
    const { request } = await import('undici');
    const viaUndici = await request(`${server.url}/x`);
    expect(viaUndici.statusCode).toBe(404);
    expect(await viaUndici.body.json()).toMatchObject({ status: 404 });
  });

  it('never takes framing or hop-by-hop headers from an error: a Trailer no longer turns a 404 into a 500', async () => {
    server = await listen(
      framework.app(
        () =>
          new NotFound({
            headers: { Trailer: 'X-Checksum', 'Transfer-Encoding': 'chunked', 'Content-Length': '5', TE: 'trailers', Host: 'evil', Expect: '100-continue', 'Proxy-Connection': 'keep-alive', 'X-Kept': 'yes' },
          }),
      ),
    );
    const res = await nodeGet(`${server.url}/x`);
    expect(res.status).toBe(404);
    expect(res.statusMessage).toBe('Not Found');
    for (const name of ['trailer', 'transfer-encoding', 'te', 'expect', 'proxy-connection']) expect(res.headers[name]).toBeUndefined();
    expect(res.headers.host).toBeUndefined();
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    expect(res.headers['x-kept']).toBe('yes');
  });

  it('sends the Upgrade a 426 asks for', async () => {
    server = await listen(framework.app(() => new UpgradeRequired({ upgrade: 'TLS/1.3' })));
    const res = await nodeGet(`${server.url}/x`);
    expect(res.status).toBe(426);
    expect(res.headers.upgrade).toBe('TLS/1.3');
  });

  it('sends the reason phrase of the error, not one set earlier (409 Conflict, not 409 Created)', async () => {
    server = await listen(
      framework.app((res) => {
        res.statusCode = 201;
        res.statusMessage = 'Created';
        return new Conflict();
      }),
    );
    const res = await nodeGet(`${server.url}/x`);
    expect(res.status).toBe(409);
    expect(res.statusMessage).toBe('Conflict');
  });

  it('merges a Vary set earlier (CORS) with its own: Vary: Origin, Accept', async () => {
    server = await listen(
      framework.app((res) => {
        res.setHeader('Vary', 'Origin, accept');
        return new NotFound();
      }),
    );
    const res = await nodeGet(`${server.url}/x`);
    expect(res.headers.vary).toBe('Origin, accept');
    await server.close();
    server = await listen(
      framework.app((res) => {
        res.setHeader('Vary', ['Origin', 'Access-Control-Request-Method']);
        return new NotFound();
      }),
    );
    expect((await nodeGet(`${server.url}/x`)).headers.vary).toBe('Origin, Access-Control-Request-Method, Accept');
    await server.close();
    server = await listen(
      framework.app((res) => {
        res.setHeader('Vary', '*');
        return new NotFound();
      }),
    );
    expect((await nodeGet(`${server.url}/x`)).headers.vary).toBe('*');
  });
});
