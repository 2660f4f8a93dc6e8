import Negotiator from 'negotiator';
import { memoizeByHeader } from './memo.js';
import { MEDIA_TYPES, type ErrorFormat } from './options.js';

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
  const choose = memoizeByHeader((accept): ErrorFormat => {
    const [preferred] = new Negotiator({ headers: { accept } }).mediaTypes(mediaTypes);
    return (preferred && formatOf.get(preferred)) || defaultFormat;
  });

  return (accept) => (accept === undefined || accept === '' || accept === '*/*' ? defaultFormat : choose(accept));
}
