/** Where the docs are served: one origin and a path ending in `/`. @internal */
export interface DocsBase {
  origin: string;
  path: string;
}

function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The base from `base`, else `problemTypeBase`, else the first type's directory; `undefined` when none is http(s). @internal */
export function docsBaseOf(base: string | undefined, problemTypeBase: string | undefined, firstType: string | undefined): DocsBase | undefined {
  const given = base ?? problemTypeBase;
  const url = given !== undefined ? httpUrl(given.endsWith('/') ? given : `${given}/`) : firstType === undefined ? undefined : httpUrl(firstType);
  if (url === undefined) return undefined;
  // `new URL('./', type)` is the type's directory: `…/problems/out-of-credit` → `…/problems/`.
  const directory = given !== undefined ? url : new URL('./', url);
  return { origin: directory.origin, path: directory.pathname };
}

/**
 * The path a type's page is served at by a mount on `base`: its pathname, when it is an http(s) URI of the base's
 * origin under the base's path, with no query or fragment (a fragment names a part of one page, not a page of its
 * own); otherwise `undefined`, and the type is only listed.
 * @internal
 */
export function servedPathOf(type: string, base: DocsBase): string | undefined {
  const url = httpUrl(type);
  if (url === undefined || url.origin !== base.origin || url.search !== '' || url.hash !== '') return undefined;
  return url.pathname.startsWith(base.path) && url.pathname.length > base.path.length ? url.pathname : undefined;
}

/** Where to read about a type: the served path, else the type itself when a browser can open it. @internal */
export function hrefOf(type: string, path: string | undefined): string | null {
  return path ?? (httpUrl(type) === undefined ? null : type);
}

// Non-empty segments of characters URL leaves as they are: no dot segment, no percent-encoding, no `//`.
const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~!$&'()*+,;=:@-]+)*\/?$/;

/**
 * A request path as the type URIs' paths are compared: no query, dot segments resolved, percent-encoding as URL's.
 * An absolute-form target (`http://host/path`, as a proxy receives) gives its path; a backslash, which URL would
 * read as a slash, gives `undefined` rather than a path the client did not write.
 * @internal
 */
export function normalisePath(target: string): string | undefined {
  const end = target.search(/[?#]/);
  const bare = end === -1 ? target : target.slice(0, end);
  // Most requests an app gets are already in URL's form: they skip the parse (this runs for every request).
  if (bare.charCodeAt(0) === 0x2f && PLAIN_PATH.test(bare)) return bare;
  if (bare.includes('\\')) return undefined;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(bare)) return httpUrl(bare)?.pathname;
  if (!bare.startsWith('/') || bare.startsWith('//')) return undefined;
  try {
    return new URL(bare, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}
