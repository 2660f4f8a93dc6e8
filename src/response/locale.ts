import Negotiator from 'negotiator';
import { catalog as builtInCatalog, type Catalog } from '../catalog/catalog.js';
import type { StatusEntry } from '../catalog/types.js';
import { memoizeByHeader, withinLimits, type HeaderLimits } from './memo.js';
import type { ResponseOptions } from './options.js';

// RFC 4647 §2.1 language-range without the wildcard: it goes out in Content-Language and `<html lang>`,
// so a key that is not a tag is refused once, at creation, rather than escaped on every response.
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/;

/**
 * The largest `Accept-Language` errata negotiates: 512 characters and 32 language ranges. Browsers send the
 * user's list of languages, each regional one followed by its bare language (`en-US,en;q=0.9`): under 100
 * characters and 10 ranges for nearly everyone, about 350 characters for sixteen regional languages (32 ranges).
 * Django stops at 500 characters for the same reason (CVE-2023-23969). Negotiation costs time per range and per
 * locale offered, so a longer value, which only a client probing the server sends, is answered as if it were
 * absent (in the default locale), and no value costs more than one at the limits.
 */
export const ACCEPT_LANGUAGE_LIMITS: HeaderLimits = Object.freeze({ maxLength: 512, maxElements: 32 });

/** The locale a response is written in: its language tag and the catalogue its text comes from. */
export interface Locale {
  /** The `catalogs` key, sent as `Content-Language` and `<html lang>`. */
  readonly tag: string;
  /** The locale's catalogue, already backed field by field by the default locale's; `undefined` for errata's own. */
  readonly catalog: Catalog | undefined;
}

/** The localisation an error renderer works with, prepared once from its options. */
export interface Locales {
  /** The default locale's catalogue (`undefined` for errata's own): it alone decides `retryable`. */
  readonly defaultCatalog: Catalog | undefined;
  /** The locale for an `Accept-Language` value. */
  readonly negotiate: (acceptLanguage: string | undefined) => Locale;
}

/**
 * A locale's catalogue backed by the default locale's, field by field: a translation may give only a message,
 * or leave a status out. The name and the retryable flag always come from the default, since they are
 * identifiers (the problem `type`) and facts, not text, and must not change with the language.
 */
function withFallback(own: Catalog, base: Catalog): Catalog {
  const merged: Record<number, StatusEntry> = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(builtInCatalog), ...Object.keys(own)])) {
    const status = Number(key);
    const local = own[status];
    const fallback = base[status] ?? (builtInCatalog as Catalog)[status];
    merged[status] = Object.freeze({
      status,
      name: fallback?.name || local?.name || '',
      message: local?.message || fallback?.message || '',
      description: local?.description || fallback?.description || '',
      retryable: fallback === undefined ? local?.retryable === true : fallback.retryable,
    });
  }
  return Object.freeze(merged);
}

function validTags(catalogs: unknown): string[] {
  if (typeof catalogs !== 'object' || catalogs === null || Array.isArray(catalogs)) {
    throw new TypeError('errata: `catalogs` must be an object of catalogues keyed by language tag, such as { en: catalog, de: germanCatalog }');
  }
  const tags = Object.keys(catalogs);
  if (tags.length === 0) throw new TypeError('errata: `catalogs` is empty; give at least the default locale, such as { en: catalog }');
  const seen = new Set<string>();
  for (const tag of tags) {
    if (!LANGUAGE_TAG.test(tag)) throw new TypeError(`errata: \`catalogs\` key ${JSON.stringify(tag)} is not a language tag (such as "de" or "pt-BR")`);
    // Accept-Language matching ignores case, so two such keys could never both be chosen.
    if (seen.has(tag.toLowerCase())) throw new TypeError(`errata: \`catalogs\` has ${JSON.stringify(tag)} twice, in different case`);
    seen.add(tag.toLowerCase());
    const value: unknown = (catalogs as Record<string, unknown>)[tag];
    if (typeof value !== 'object' || value === null) throw new TypeError(`errata: \`catalogs.${tag}\` is not a catalogue`);
  }
  return tags;
}

/**
 * Checks the `catalogs`, `defaultLocale` and `catalog` options and prepares the per-request locale choice:
 * `Accept-Language` negotiated with q-values (RFC 9110 §12.5.4) by `negotiator`, the default locale when the
 * header is missing, nothing offered matches (never a 406), or it is past {@link ACCEPT_LANGUAGE_LIMITS} (more
 * than 512 characters or 32 comma-separated ranges), and results cached per header value in a memo bounded in
 * entries and bytes.
 * Throws a `TypeError` for an empty `catalogs`, a key that is not a language tag, a `defaultLocale` that is not
 * one of its keys, or a `catalog` that is not the default locale's catalogue.
 */
export function createLocales(options: Pick<ResponseOptions, 'catalog' | 'catalogs' | 'defaultLocale'>): Locales {
  const catalogs = options.catalogs as Readonly<Record<string, Catalog>>;
  const tags = validTags(catalogs);
  const defaultTag = options.defaultLocale ?? (tags[0] as string);
  if (!tags.includes(defaultTag)) {
    throw new TypeError(`errata: \`defaultLocale\` ${JSON.stringify(defaultTag)} is not a key of \`catalogs\` (${tags.join(', ')})`);
  }
  const base = catalogs[defaultTag] as Catalog;
  if (options.catalog !== undefined && options.catalog !== base) {
    throw new TypeError('errata: `catalog` and `catalogs` disagree; with `catalogs`, pass the default catalogue as `catalogs[defaultLocale]` only');
  }

  const defaultCatalog = base === builtInCatalog ? undefined : base;
  const localeOf = new Map<string, Locale>();
  for (const tag of tags) {
    localeOf.set(tag, Object.freeze({ tag, catalog: tag === defaultTag ? defaultCatalog : withFallback(catalogs[tag] as Catalog, base) }));
  }
  const defaultLocale = localeOf.get(defaultTag) as Locale;
  // The default goes first so that `*` and ties resolve to it.
  const offered = [defaultTag, ...tags.filter((tag) => tag !== defaultTag)];
  const choose = memoizeByHeader((acceptLanguage): Locale => {
    const [preferred] = new Negotiator({ headers: { 'accept-language': acceptLanguage } }).languages(offered);
    return (preferred !== undefined && localeOf.get(preferred)) || defaultLocale;
  });

  return {
    defaultCatalog,
    negotiate: (acceptLanguage) =>
      acceptLanguage === undefined || acceptLanguage === '' || acceptLanguage === '*' || !withinLimits(acceptLanguage, ACCEPT_LANGUAGE_LIMITS)
        ? defaultLocale
        : choose(acceptLanguage),
  };
}
