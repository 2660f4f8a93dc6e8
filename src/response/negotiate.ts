import Negotiator from 'negotiator';
import { memoizeByHeader, withinLimits, type HeaderLimits } from './memo.js';
import { MEDIA_TYPES, type ErrorFormat } from './options.js';

/**
 * The largest `Accept` errata negotiates: 1024 characters and 32 media ranges. Browsers send at most about 135
 * characters and 8 ranges (Chrome's navigation `Accept`), API clients one or a few, and Internet Explorer 8
 * with Office and plug-ins registered about 300 characters and 14 ranges. Negotiation costs time per range, so a
 * longer value, which only a client probing the server sends, is answered as if it were absent, and no value
 * costs more than one at the limits.
 */
export const ACCEPT_LIMITS: HeaderLimits = Object.freeze({ maxLength: 1024, maxElements: 32 });

/**
 * Picks the body format the client prefers (RFC 9110 §12.5.1, q-values honoured) among those offered.
 * A missing `Accept`, `*\/*`, an `Accept` nothing offered satisfies, or one past {@link ACCEPT_LIMITS} (more than
 * 1024 characters or 32 comma-separated ranges) gives the default format: an error response is never replaced
 * by a 406. Results are cached per `Accept` value, since clients repeat theirs, in a memo bounded in entries and
 * bytes.
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

  return (accept) =>
    accept === undefined || accept === '' || accept === '*/*' || !withinLimits(accept, ACCEPT_LIMITS) ? defaultFormat : choose(accept);
}
