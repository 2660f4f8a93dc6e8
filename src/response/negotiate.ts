import Negotiator from 'negotiator';
import { MEDIA_TYPES, type ErrorFormat } from './options.js';

const CACHE_LIMIT = 256;

/**
 * Picks the body format the client prefers (RFC 9110 §12.5.1, q-values honoured) among those offered.
 * A missing `Accept`, `*\/*`, or an `Accept` nothing offered satisfies, gives the default format: an error
 * response is never replaced by a 406. Results are cached per `Accept` value, since clients repeat theirs.
 */
export function createNegotiator(formats: readonly ErrorFormat[], defaultFormat: ErrorFormat): (accept: string | undefined) => ErrorFormat {
  // The default goes first so that wildcards and ties resolve to it.
  const ordered = [defaultFormat, ...formats.filter((format) => format !== defaultFormat)];
  const mediaTypes = ordered.map((format) => MEDIA_TYPES[format]);
  const formatOf = new Map(ordered.map((format) => [MEDIA_TYPES[format], format]));
  const cache = new Map<string, ErrorFormat>();

  return (accept) => {
    if (accept === undefined || accept === '' || accept === '*/*') return defaultFormat;
    let format = cache.get(accept);
    if (format === undefined) {
      const [preferred] = new Negotiator({ headers: { accept } }).mediaTypes(mediaTypes);
      format = (preferred && formatOf.get(preferred)) || defaultFormat;
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(accept, format);
    }
    return format;
  };
}
