import express from 'express';
import { catalog, defineCatalog, NotFound, UnprocessableEntity } from '#errata';
import { createErrorHandler } from '#errata/express';
import { CASE_URL } from './bodies.mjs';

// How errata's cost grows: with the size of `details` (it must be linear in the body) and with the size
// of a custom catalogue (it must not grow at all: a status is looked up, never searched).

function detailsCase(count) {
  const fields = Array.from({ length: count }, (_, i) => ({ field: `items[${i}].name`, message: 'must be a non-empty string' }));
  return {
    label: `errata: 422 with ${count.toLocaleString('en')} field errors in \`details\``,
    framework: 'express',
    create: () => {
      const app = express();
      app.get('/items/:id', () => {
        throw new UnprocessableEntity({ details: fields });
      });
      app.use(createErrorHandler());
      return app;
    },
    url: CASE_URL,
    expect: {
      status: 422,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: (text) => {
        const body = JSON.parse(text);
        return body.details?.length === count && body.details[count - 1].field === `items[${count - 1}].name` ? undefined : `422 body has ${body.details?.length} details`;
      },
    },
  };
}

// defineCatalog accepts statuses 100–599 only, so a catalogue cannot hold 1,000 distinct codes: this one
// holds all 500 possible codes, built from 1,000 overrides in two layers (the second layered on the first).
function fullCatalog() {
  const first = {};
  const second = {};
  for (let status = 100; status < 600; status++) {
    first[status] = { message: `Code ${status}` };
    second[status] = { description: `Application code ${status}.` };
  }
  second[404] = { message: 'Not Found', description: 'No such item.' };
  return defineCatalog(second, defineCatalog(first));
}

function catalogCase(label, catalog, description) {
  return {
    label,
    framework: 'express',
    create: () => {
      const app = express();
      app.get('/items/:id', () => {
        throw new NotFound();
      });
      app.use(createErrorHandler(catalog ? { catalog } : {}));
      return app;
    },
    url: CASE_URL,
    expect: {
      status: 404,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: (text) => (JSON.parse(text).description === description ? undefined : `catalogue body ${text}`),
    },
  };
}

export const growthCases = {
  'errata-details-10': detailsCase(10),
  'errata-details-100': detailsCase(100),
  'errata-details-1000': detailsCase(1000),
  'errata-catalog-default': catalogCase('errata: 404, default catalogue (63 codes)', undefined, catalog[404].description),
  'errata-catalog-full': catalogCase('errata: 404, custom catalogue of all 500 codes (1,000 overrides)', fullCatalog(), 'No such item.'),
};
