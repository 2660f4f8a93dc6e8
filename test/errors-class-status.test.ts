import { describe, expect, it } from 'vitest';
import { Gone, HttpError, NotFound, TooManyRequests } from '../src/index.js';

// The built-in classes have no constructor of their own: HttpError takes their status from the class and
// their arguments as (message, options) or (options). These pin that down through every kind of subclass.
describe('the status of built-in classes and their subclasses', () => {
  it('a built-in class takes (message, options) and (options) and keeps its status', () => {
    const withMessage = new NotFound('No such item', { code: 'ITEM_NOT_FOUND' });
    expect([withMessage.status, withMessage.statusCode, withMessage.message, withMessage.code]).toEqual([404, 404, 'No such item', 'ITEM_NOT_FOUND']);
    const withOptions = new TooManyRequests({ retryAfter: 30, message: 'Slow down' });
    expect([withOptions.status, withOptions.message, withOptions.retryAfter, withOptions.headers]).toEqual([429, 'Slow down', 30, { 'Retry-After': '30' }]);
  });

  it('a subclass of a built-in class that passes only options keeps the class status', () => {
    class ArchivedItem extends Gone {
      constructor() {
        super({ code: 'ARCHIVED', details: { archivedAt: '2026-01-01' } });
      }
    }
    const error = new ArchivedItem();
    expect([error.status, error.message, error.code, error.details, error.name]).toEqual([410, 'Gone', 'ARCHIVED', { archivedAt: '2026-01-01' }, 'GoneError']);
    expect(error instanceof Gone && error instanceof ArchivedItem).toBe(true);
  });

  it('a subclass of HttpError passes its own status, and a bad one is still a RangeError', () => {
    class Teapot extends HttpError<418> {
      constructor() {
        super(418, 'Short and stout', { code: 'TEAPOT' });
      }
    }
    const error = new Teapot();
    expect([error.status, error.message, error.code]).toEqual([418, 'Short and stout', 'TEAPOT']);
    expect(() => new HttpError(200 as never)).toThrow(RangeError);
    expect(() => new HttpError('Not Found' as never)).toThrow(RangeError);
  });
});
