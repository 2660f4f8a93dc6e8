import { describe, expect, it } from 'vitest';
import { NotFound, catalog, createError, defineCatalog, renderError, type StatusEntry } from '../src/index.js';
import { ACCEPT, FORMATS } from './support/accept.js';

const NOT_FOUND = 'The requested resource does not exist. Modify the request directly and do not attempt to retry it.';
const CLIENT_CLOSED = 'The client closed the connection before the server answered.';

const overrides = {
  404: { description: 'No such page here.' },
  499: { name: 'ClientClosedRequest', message: 'Client Closed Request', description: CLIENT_CLOSED },
};

describe('catalog', () => {
  it('has the documented row for 404', () => {
    expect(catalog[404]).toEqual({ status: 404, name: 'NotFound', message: 'Not Found', description: NOT_FOUND, retryable: false });
  });

  // CATALOGUE.md rule 4: these five describe the status as RFC 9110 does, not as seed 002 words it.
  it.each([
    [402, 'Payment Required', 'This response code is reserved for future use.'],
    [500, 'Internal Server Error', 'The server has encountered a situation it does not know how to handle.'],
    [502, 'Bad Gateway', 'This error response means that the server, while working as a gateway to get a response needed to handle the request, got an invalid response.'],
    [504, 'Gateway Timeout', 'This error response is given when the server is acting as a gateway and cannot get a response in time.'],
    [505, 'HTTP Version Not Supported', 'The HTTP version used in the request is not supported by the server.'],
  ] as const)('describes %i (%s) as HTTP defines it, in the catalogue and in the body sent', (status, message, description) => {
    expect(catalog[status]).toMatchObject({ status, message, description });
    expect(JSON.parse(renderError(createError(status), { accept: ACCEPT.json }, { production: true }).body)).toMatchObject({
      status,
      error: message,
      message,
      description,
    });
  });

  it('is frozen, and so is every row', () => {
    expect(Object.isFrozen(catalog)).toBe(true);
    for (const row of Object.values(catalog as Readonly<Record<number, StatusEntry>>)) expect(Object.isFrozen(row)).toBe(true);
    expect(() => {
      (catalog as unknown as Record<number, unknown>)[404] = { message: 'hijacked' };
    }).toThrow(TypeError);
    expect(() => {
      (catalog[404] as { description: string }).description = 'hijacked';
    }).toThrow(TypeError);
    expect(catalog[404].description).toBe(NOT_FOUND);
  });
});

describe('defineCatalog', () => {
  it('returns a new frozen catalogue with the entries overridden and added', () => {
    const mine = defineCatalog(overrides);
    expect(mine).not.toBe(catalog);
    expect(Object.isFrozen(mine)).toBe(true);
    expect(mine[404]).toEqual({ status: 404, name: 'NotFound', message: 'Not Found', description: 'No such page here.', retryable: false });
    expect(mine[499]).toEqual({ status: 499, name: 'ClientClosedRequest', message: 'Client Closed Request', description: CLIENT_CLOSED, retryable: false });
    expect(Object.isFrozen(mine[404])).toBe(true);
    expect(Object.isFrozen(mine[499])).toBe(true);
    // Every other row is the default one.
    expect(mine[429]).toBe(catalog[429]);
    expect(Object.keys(mine)).toHaveLength(Object.keys(catalog).length + 1);
  });

  it('leaves the default catalogue unchanged', () => {
    const before = structuredClone(catalog);
    defineCatalog(overrides);
    expect(catalog).toEqual(before);
    expect(catalog[404].description).toBe(NOT_FOUND);
    expect((catalog as Readonly<Record<number, StatusEntry>>)[499]).toBeUndefined();
  });

  it('falls back to the default text for what an override leaves out', () => {
    const mine = defineCatalog({ 404: { message: 'Nothing Here' } });
    expect(mine[404]).toEqual({ status: 404, name: 'NotFound', message: 'Nothing Here', description: NOT_FOUND, retryable: false });
  });

  it('extends another catalogue given as the base', () => {
    const base = defineCatalog(overrides);
    const mine = defineCatalog({ 404: { message: 'Nothing Here' } }, base);
    expect(mine[404]).toMatchObject({ message: 'Nothing Here', description: 'No such page here.' });
    expect(mine[499]).toBe(base[499]);
  });

  it.each([99, 600, 0, -404, 404.5, Number.NaN])('throws a RangeError naming status %s', (status) => {
    expect(() => defineCatalog({ [status]: { message: 'x' } })).toThrow(RangeError);
    expect(() => defineCatalog({ [status]: { message: 'x' } })).toThrow(String(status));
  });
});

describe('the catalog option', () => {
  const mine = defineCatalog({
    404: { message: 'Nothing Here', description: 'No such page here.' },
    499: { name: 'ClientClosedRequest', message: 'Client Closed Request', description: CLIENT_CLOSED },
  });
  const options = { production: true, catalog: mine };

  it('supplies the message and description of JSON bodies', () => {
    expect(JSON.parse(renderError(new NotFound(), { accept: ACCEPT.json }, options).body)).toEqual({
      status: 404,
      error: 'Nothing Here',
      message: 'Nothing Here',
      description: 'No such page here.',
      retryable: false,
    });
  });

  it('supplies the title, detail and description of problem details', () => {
    expect(JSON.parse(renderError(new NotFound(), { accept: ACCEPT.problem }, options).body)).toEqual({
      type: 'about:blank',
      title: 'Nothing Here',
      status: 404,
      detail: 'No such page here.',
      description: 'No such page here.',
      retryable: false,
    });
  });

  it('supplies the title and description of HTML pages', () => {
    const { body } = renderError(new NotFound(), { accept: ACCEPT.html }, options);
    expect(body).toContain('<title>404 Nothing Here</title>');
    expect(body.slice(body.indexOf('<main>'))).toBe('<main><h1>404 Nothing Here</h1><p class="description">No such page here.</p></main></body></html>');
  });

  it('supplies the text of plain-text bodies', () => {
    expect(renderError(new NotFound(), { accept: ACCEPT.text }, options).body).toBe('404 Nothing Here\n\nNo such page here.\n');
  });

  it('still sends an error\'s own message beside the catalogue\'s', () => {
    expect(JSON.parse(renderError(new NotFound('User 42 does not exist'), {}, options).body)).toMatchObject({
      error: 'Nothing Here',
      message: 'User 42 does not exist',
    });
  });

  it('answers createError(499) with the added entry in every format', () => {
    const json = renderError(createError(499), {}, options);
    expect(json.status).toBe(499);
    expect(JSON.parse(json.body)).toEqual({
      status: 499,
      error: 'Client Closed Request',
      message: 'Client Closed Request',
      description: CLIENT_CLOSED,
      retryable: false,
    });
    const problem = renderError(createError(499), { accept: ACCEPT.problem, path: '/slow' }, { ...options, problemTypeBase: 'https://example.com/errors' });
    expect(JSON.parse(problem.body)).toEqual({
      type: 'https://example.com/errors/client-closed-request',
      title: 'Client Closed Request',
      status: 499,
      detail: CLIENT_CLOSED,
      instance: '/slow',
      description: CLIENT_CLOSED,
      retryable: false,
    });
    expect(renderError(createError(499), { accept: ACCEPT.html }, options).body).toContain(
      `<h1>499 Client Closed Request</h1><p class="description">${CLIENT_CLOSED}</p>`,
    );
    expect(renderError(createError(499), { accept: ACCEPT.text }, options).body).toBe(`499 Client Closed Request\n\n${CLIENT_CLOSED}\n`);
  });

  it('supplies the text of a status Node names but errata does not document (509)', () => {
    const withBandwidth = defineCatalog({ 509: { message: 'Bandwidth Exhausted', description: 'Try a smaller file.' } });
    const expected = { status: 509, error: 'Bandwidth Exhausted', message: 'Bandwidth Exhausted', description: 'Try a smaller file.', retryable: false };
    expect(JSON.parse(renderError(createError(509), {}, { production: true, catalog: withBandwidth }).body)).toEqual(expected);
    // Node's reason phrase ('Bandwidth Limit Exceeded') is a default, not the error's own message, even where messages are shown.
    const error = createError(509);
    expect(JSON.parse(renderError(error, {}, { production: false, catalog: withBandwidth }).body)).toEqual({ ...expected, stack: error.stack });
  });

  it('falls back to the default description when the override has none', () => {
    const messageOnly = defineCatalog({ 404: { message: 'Nothing Here' } });
    expect(JSON.parse(renderError(new NotFound(), {}, { production: true, catalog: messageOnly }).body)).toEqual({
      status: 404,
      error: 'Nothing Here',
      message: 'Nothing Here',
      description: NOT_FOUND,
      retryable: false,
    });
  });

  it('supplies the retryable flag, so that it agrees with the description served beside it', () => {
    const retryCatalog = defineCatalog({
      499: { name: 'ClientClosedRequest', message: 'Client Closed Request', description: 'Try again.', retryable: true },
      503: { description: 'This service has been retired.', retryable: false },
    });
    const retryOptions = { production: true, catalog: retryCatalog };
    expect(JSON.parse(renderError(createError(499), {}, retryOptions).body)).toMatchObject({ retryable: true });
    expect(renderError(createError(499), { accept: 'text/plain' }, retryOptions).body).toBe('499 Client Closed Request\n\nTry again.\nThis is temporary: try again later.\n');
    expect(JSON.parse(renderError(createError(503), {}, retryOptions).body)).toMatchObject({ description: 'This service has been retired.', retryable: false });
    // A Retry-After still makes any error retryable.
    expect(JSON.parse(renderError(createError(503, { retryAfter: 10 }), {}, retryOptions).body)).toMatchObject({ retryable: true, retryAfter: 10 });
    // Rows the catalogue does not change keep the default flag.
    expect(JSON.parse(renderError(createError(429), {}, retryOptions).body)).toMatchObject({ retryable: true });
  });

  it("gives way to an error's own description option", () => {
    const error = new NotFound({ description: 'This user was deleted.' });
    for (const format of FORMATS) {
      const { body } = renderError(error, { accept: ACCEPT[format] }, options);
      expect(body).toContain('This user was deleted.');
      expect(body).not.toContain('No such page here.');
    }
  });

  it('is the default catalogue when not given, and passing the default changes nothing', () => {
    expect(renderError(new NotFound(), {}, { production: true, catalog })).toEqual(renderError(new NotFound(), {}, { production: true }));
  });
});
