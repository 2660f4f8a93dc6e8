import { nodeReasonPhrase, UNDOCUMENTED_REASON_PHRASES } from './reason-phrases.js';
import { statuses } from './statuses.js';
import type { StatusEntry } from './types.js';

/**
 * A status catalogue: the documented text for each status code errata answers with.
 *
 * @example
 * const myCatalog: Catalog = defineCatalog({ 404: { description: 'No such page.' } });
 * app.use(createErrorHandler({ catalog: myCatalog }));
 */
export type Catalog = Readonly<Record<number, StatusEntry>>;

/**
 * The text of one catalogue entry that {@link defineCatalog} can set or override.
 *
 * @example
 * const notFoundText: CatalogOverride = { description: 'No such page. Check the address, or start from the home page.' };
 * const myCatalog = defineCatalog({ 404: notFoundText });
 */
export type CatalogOverride = Partial<Omit<StatusEntry, 'status'>>;

/**
 * Every status code in the default catalogue (the 63 documented codes).
 *
 * @example
 * const status: DocumentedStatus = 304;
 * catalog[status].message; // 'Not Modified'
 */
export type DocumentedStatus = keyof typeof statuses;

/**
 * The documented 4xx and 5xx codes: one error class exists for each.
 *
 * @example
 * const status: ErrorStatus = 503;
 * throw createError(status, { retryAfter: 30 });
 */
export type ErrorStatus = {
  [K in DocumentedStatus]: `${K}` extends `4${string}` | `5${string}` ? K : never;
}[DocumentedStatus];

/** A PascalCase name made of a reason phrase's letters and digits (`'Not Found'` → `'NotFound'`). */
export function nameFromMessage(message: string): string {
  return message.replace(/[^A-Za-z0-9]/g, '');
}

/** The message errata gives a status of its own accord: the default catalogue's, else Node's reason phrase. */
export function defaultMessageFor(status: number): string {
  return (statuses as Readonly<Record<number, StatusEntry>>)[status]?.message ?? UNDOCUMENTED_REASON_PHRASES[status] ?? `Error ${status}`;
}

/** A frozen copy of `table` (shallow), its entries frozen in place. */
function freezeEntries(table: Readonly<Record<number, StatusEntry>>): Catalog {
  for (const entry of Object.values(table)) Object.freeze(entry);
  return Object.freeze({ ...table });
}

/**
 * The default catalogue: the 63 documented status codes with their message, description and retry hint.
 * Frozen; use {@link defineCatalog} to extend or override it.
 *
 * @example
 * catalog[404].description // 'The requested resource does not exist. …'
 */
// Pure: a bundle that never reads `catalog` (one with only `NotFound`) leaves it and the whole table out.
export const catalog: typeof statuses & Catalog = /* @__PURE__ */ freezeEntries(statuses) as typeof statuses & Catalog;

/**
 * Returns a new catalogue: the default (or `base`) with the given entries overridden or added.
 * The default catalogue is never modified. A new code needs at least a `message`; missing text
 * falls back to Node's reason phrase and an empty description, so a response can always be built.
 *
 * @example
 * const myCatalog = defineCatalog({
 *   404: { description: 'No such page.' },
 *   499: { name: 'ClientClosedRequest', message: 'Client Closed Request', description: 'The client went away.' },
 * });
 * app.use(createErrorHandler({ catalog: myCatalog }));
 */
export function defineCatalog(overrides: Readonly<Record<number, CatalogOverride>>, base: Catalog = catalog): Catalog {
  const table: Record<number, StatusEntry> = { ...base };
  for (const [key, override] of Object.entries(overrides)) {
    const status = Number(key);
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new RangeError(`defineCatalog: status ${key} is not an HTTP status code (100–599)`);
    }
    const previous = base[status];
    const message = override.message ?? previous?.message ?? nodeReasonPhrase(status) ?? `Status ${status}`;
    table[status] = {
      status,
      name: override.name ?? previous?.name ?? nameFromMessage(message),
      message,
      description: override.description ?? previous?.description ?? '',
      retryable: override.retryable ?? previous?.retryable ?? false,
    };
  }
  return freezeEntries(table);
}
