import type { ErrorStatus } from '../catalog/catalog.js';
import {
  status400, status401, status402, status403, status404, status405, status406, status407, status408, status409,
  status410, status411, status412, status413, status414, status415, status416, status417, status418, status421,
  status422, status423, status424, status425, status426, status428, status429, status431, status451, status500,
  status501, status502, status503, status504, status505, status506, status507, status508, status510, status511,
} from '../catalog/statuses.js';
import type { StatusEntry } from '../catalog/types.js';
import { tooManyRequestsHeaders } from '../rate-limit/too-many-requests.js';
import { HttpError, errorNameFor, markStatusClass } from './http-error.js';
import type { OptionsFor } from './options.js';
import type { StatusHeadersHook } from './status-headers.js';

/**
 * The constructor of the error class for status `S`.
 *
 * @example
 * const Missing: HttpErrorClass<404> = NotFound;
 * throw new Missing('No user with id 42');
 */
export interface HttpErrorClass<S extends ErrorStatus> {
  new (message?: string, options?: OptionsFor<S>): HttpError<S>;
  new (options?: OptionsFor<S>): HttpError<S>;
  /** The status every instance has. */
  readonly status: S;
  readonly prototype: HttpError<S>;
}

/**
 * The class for one catalogue entry. Every call is marked pure: a bundler keeps only the classes a program uses,
 * each with its own entry (not the catalogue). The entry is passed, not looked up by status, for the same reason;
 * so is `hook`, the code that reads the options only this status has (429's rate-limit policies).
 */
function defineErrorClass<S extends ErrorStatus>(entry: StatusEntry & { readonly status: S }, hook?: StatusHeadersHook): HttpErrorClass<S> {
  // No constructor: HttpError's reads the status from the class (markStatusClass). With one here, made forty
  // times from this literal, each `new NotFound()` cost 9.3 k instructions instead of 5.2 k (callgrind).
  const StatusError = class extends HttpError<S> {
    static readonly status = entry.status;
  };
  Object.defineProperty(StatusError, 'name', { value: entry.name });
  Object.defineProperty(StatusError.prototype, 'name', { value: errorNameFor(entry.status, entry), writable: true, configurable: true });
  markStatusClass(StatusError, entry, hook);
  return StatusError as unknown as HttpErrorClass<S>;
}

/**
 * 400 Bad Request.
 *
 * @example
 * throw new BadRequest('The "limit" query parameter must be a number', { code: 'INVALID_LIMIT' });
 */
export const BadRequest = /* @__PURE__ */ defineErrorClass(status400);
export type BadRequest = HttpError<400>;
/**
 * 401 Unauthorized. Pass `challenge` to send the `WWW-Authenticate` header RFC 9110 requires.
 *
 * @example
 * throw new Unauthorized('The access token has expired', { challenge: 'Bearer realm="api", error="invalid_token"' });
 */
export const Unauthorized = /* @__PURE__ */ defineErrorClass(status401);
export type Unauthorized = HttpError<401>;
/**
 * 402 Payment Required.
 *
 * @example
 * throw new PaymentRequired('Your trial has ended', { code: 'TRIAL_ENDED' });
 */
export const PaymentRequired = /* @__PURE__ */ defineErrorClass(status402);
export type PaymentRequired = HttpError<402>;
/**
 * 403 Forbidden.
 *
 * @example
 * throw new Forbidden('Only admins may delete projects', { code: 'NOT_ADMIN' });
 */
export const Forbidden = /* @__PURE__ */ defineErrorClass(status403);
export type Forbidden = HttpError<403>;
/**
 * 404 Not Found.
 *
 * @example
 * throw new NotFound('No user with id 42', { code: 'USER_NOT_FOUND' });
 */
export const NotFound = /* @__PURE__ */ defineErrorClass(status404);
export type NotFound = HttpError<404>;
/**
 * 405 Method Not Allowed. Pass `allow` to send the `Allow` header RFC 9110 requires.
 *
 * @example
 * throw new MethodNotAllowed({ allow: ['GET', 'HEAD'] });
 */
export const MethodNotAllowed = /* @__PURE__ */ defineErrorClass(status405);
export type MethodNotAllowed = HttpError<405>;
/**
 * 406 Not Acceptable.
 *
 * @example
 * throw new NotAcceptable('Reports are only available as text/csv');
 */
export const NotAcceptable = /* @__PURE__ */ defineErrorClass(status406);
export type NotAcceptable = HttpError<406>;
/**
 * 407 Proxy Authentication Required. Pass `challenge` to send `Proxy-Authenticate`.
 *
 * @example
 * throw new ProxyAuthenticationRequired({ challenge: 'Basic realm="proxy"' });
 */
export const ProxyAuthenticationRequired = /* @__PURE__ */ defineErrorClass(status407);
export type ProxyAuthenticationRequired = HttpError<407>;
/**
 * 408 Request Timeout. Retryable.
 *
 * @example
 * throw new RequestTimeout('The request body arrived too slowly');
 */
export const RequestTimeout = /* @__PURE__ */ defineErrorClass(status408);
export type RequestTimeout = HttpError<408>;
/**
 * 409 Conflict.
 *
 * @example
 * throw new Conflict('A user with this email already exists', { code: 'EMAIL_TAKEN' });
 */
export const Conflict = /* @__PURE__ */ defineErrorClass(status409);
export type Conflict = HttpError<409>;
/**
 * 410 Gone.
 *
 * @example
 * throw new Gone('Version 1 of this API was retired on 2026-01-01', { code: 'API_V1_RETIRED' });
 */
export const Gone = /* @__PURE__ */ defineErrorClass(status410);
export type Gone = HttpError<410>;
/**
 * 411 Length Required.
 *
 * @example
 * throw new LengthRequired('Uploads need a Content-Length header');
 */
export const LengthRequired = /* @__PURE__ */ defineErrorClass(status411);
export type LengthRequired = HttpError<411>;
/**
 * 412 Precondition Failed.
 *
 * @example
 * throw new PreconditionFailed('The order changed since the ETag in If-Match', { code: 'STALE_ETAG' });
 */
export const PreconditionFailed = /* @__PURE__ */ defineErrorClass(status412);
export type PreconditionFailed = HttpError<412>;
/**
 * 413 Payload Too Large. Retryable when given `retryAfter`.
 *
 * @example
 * throw new PayloadTooLarge('Uploads are limited to 10 MB', { details: { maxBytes: 10_485_760 } });
 */
export const PayloadTooLarge = /* @__PURE__ */ defineErrorClass(status413);
export type PayloadTooLarge = HttpError<413>;
/**
 * 414 URI Too Long.
 *
 * @example
 * throw new URITooLong('Query strings are limited to 2048 characters');
 */
export const URITooLong = /* @__PURE__ */ defineErrorClass(status414);
export type URITooLong = HttpError<414>;
/**
 * 415 Unsupported Media Type.
 *
 * @example
 * throw new UnsupportedMediaType('Send the body as application/json');
 */
export const UnsupportedMediaType = /* @__PURE__ */ defineErrorClass(status415);
export type UnsupportedMediaType = HttpError<415>;
/**
 * 416 Range Not Satisfiable. Pass `size` to send `Content-Range: bytes *\/size`.
 *
 * @example
 * throw new RangeNotSatisfiable({ size: 5000 });
 */
export const RangeNotSatisfiable = /* @__PURE__ */ defineErrorClass(status416);
export type RangeNotSatisfiable = HttpError<416>;
/**
 * 417 Expectation Failed.
 *
 * @example
 * throw new ExpectationFailed('Only "Expect: 100-continue" is supported');
 */
export const ExpectationFailed = /* @__PURE__ */ defineErrorClass(status417);
export type ExpectationFailed = HttpError<417>;
/**
 * 418 I'm a teapot.
 *
 * @example
 * throw new ImATeapot('This pot only brews tea');
 */
export const ImATeapot = /* @__PURE__ */ defineErrorClass(status418);
export type ImATeapot = HttpError<418>;
/**
 * 421 Misdirected Request.
 *
 * @example
 * throw new MisdirectedRequest('This server does not serve api.example.org');
 */
export const MisdirectedRequest = /* @__PURE__ */ defineErrorClass(status421);
export type MisdirectedRequest = HttpError<421>;
/**
 * 422 Unprocessable Entity (RFC 9110: Unprocessable Content).
 *
 * @example
 * throw new UnprocessableEntity('Validation failed', { details: [{ field: 'email', message: 'must be an email' }] });
 */
export const UnprocessableEntity = /* @__PURE__ */ defineErrorClass(status422);
export type UnprocessableEntity = HttpError<422>;
/**
 * 423 Locked.
 *
 * @example
 * throw new Locked('The document is being edited by someone else', { code: 'DOCUMENT_LOCKED' });
 */
export const Locked = /* @__PURE__ */ defineErrorClass(status423);
export type Locked = HttpError<423>;
/**
 * 424 Failed Dependency.
 *
 * @example
 * throw new FailedDependency('Step 2 failed, so step 3 was not run');
 */
export const FailedDependency = /* @__PURE__ */ defineErrorClass(status424);
export type FailedDependency = HttpError<424>;
/**
 * 425 Too Early. Retryable.
 *
 * @example
 * throw new TooEarly('Send this request again after the TLS handshake');
 */
export const TooEarly = /* @__PURE__ */ defineErrorClass(status425);
export type TooEarly = HttpError<425>;
/**
 * 426 Upgrade Required. Pass `upgrade` to send the `Upgrade` header RFC 9110 requires.
 *
 * @example
 * throw new UpgradeRequired({ upgrade: 'websocket' });
 */
export const UpgradeRequired = /* @__PURE__ */ defineErrorClass(status426);
export type UpgradeRequired = HttpError<426>;
/**
 * 428 Precondition Required.
 *
 * @example
 * throw new PreconditionRequired('Send If-Match with the ETag you last read');
 */
export const PreconditionRequired = /* @__PURE__ */ defineErrorClass(status428);
export type PreconditionRequired = HttpError<428>;
/**
 * 429 Too Many Requests. Retryable; pass `retryAfter`, or `limit`/`remaining`/`reset` for the RateLimit headers.
 *
 * @example
 * throw new TooManyRequests({ limit: 100, remaining: 0, reset: 30 });
 */
export const TooManyRequests = /* @__PURE__ */ defineErrorClass(status429, tooManyRequestsHeaders);
export type TooManyRequests = HttpError<429>;
/**
 * 431 Request Header Fields Too Large.
 *
 * @example
 * throw new RequestHeaderFieldsTooLarge('The Cookie header is over 8 KB');
 */
export const RequestHeaderFieldsTooLarge = /* @__PURE__ */ defineErrorClass(status431);
export type RequestHeaderFieldsTooLarge = HttpError<431>;
/**
 * 451 Unavailable For Legal Reasons.
 *
 * @example
 * throw new UnavailableForLegalReasons('Not available in your country', { headers: { Link: '<https://example.com/legal>; rel="blocked-by"' } });
 */
export const UnavailableForLegalReasons = /* @__PURE__ */ defineErrorClass(status451);
export type UnavailableForLegalReasons = HttpError<451>;
/**
 * 500 Internal Server Error. Its message and details are hidden in production unless `expose: true`.
 *
 * @example
 * try { await saveOrder(order); } catch (error) {
 *   throw new InternalServerError('Could not save the order', { cause: error });
 * }
 */
export const InternalServerError = /* @__PURE__ */ defineErrorClass(status500);
export type InternalServerError = HttpError<500>;
/**
 * 501 Not Implemented.
 *
 * @example
 * throw new NotImplemented('Exports to PDF are not implemented yet');
 */
export const NotImplemented = /* @__PURE__ */ defineErrorClass(status501);
export type NotImplemented = HttpError<501>;
/**
 * 502 Bad Gateway. Retryable.
 *
 * @example
 * throw new BadGateway('The payment provider sent an invalid response', { cause: providerError });
 */
export const BadGateway = /* @__PURE__ */ defineErrorClass(status502);
export type BadGateway = HttpError<502>;
/**
 * 503 Service Unavailable. Retryable; pass `retryAfter` to say when.
 *
 * @example
 * throw new ServiceUnavailable('Down for maintenance', { retryAfter: 120 });
 */
export const ServiceUnavailable = /* @__PURE__ */ defineErrorClass(status503);
export type ServiceUnavailable = HttpError<503>;
/**
 * 504 Gateway Timeout. Retryable.
 *
 * @example
 * throw new GatewayTimeout('The inventory service did not answer within 5 s', { retryAfter: 10 });
 */
export const GatewayTimeout = /* @__PURE__ */ defineErrorClass(status504);
export type GatewayTimeout = HttpError<504>;
/**
 * 505 HTTP Version Not Supported.
 *
 * @example
 * throw new HTTPVersionNotSupported('This endpoint needs HTTP/2');
 */
export const HTTPVersionNotSupported = /* @__PURE__ */ defineErrorClass(status505);
export type HTTPVersionNotSupported = HttpError<505>;
/**
 * 506 Variant Also Negotiates.
 *
 * @example
 * throw new VariantAlsoNegotiates('The chosen variant is itself negotiable');
 */
export const VariantAlsoNegotiates = /* @__PURE__ */ defineErrorClass(status506);
export type VariantAlsoNegotiates = HttpError<506>;
/**
 * 507 Insufficient Storage.
 *
 * @example
 * throw new InsufficientStorage('Your storage quota is full', { code: 'QUOTA_FULL' });
 */
export const InsufficientStorage = /* @__PURE__ */ defineErrorClass(status507);
export type InsufficientStorage = HttpError<507>;
/**
 * 508 Loop Detected.
 *
 * @example
 * throw new LoopDetected('The folder contains itself');
 */
export const LoopDetected = /* @__PURE__ */ defineErrorClass(status508);
export type LoopDetected = HttpError<508>;
/**
 * 510 Not Extended.
 *
 * @example
 * throw new NotExtended('This resource needs the "billing" extension');
 */
export const NotExtended = /* @__PURE__ */ defineErrorClass(status510);
export type NotExtended = HttpError<510>;
/**
 * 511 Network Authentication Required.
 *
 * @example
 * throw new NetworkAuthenticationRequired('Sign in to the network at https://portal.example.com first');
 */
export const NetworkAuthenticationRequired = /* @__PURE__ */ defineErrorClass(status511);
export type NetworkAuthenticationRequired = HttpError<511>;

// Aliases: the names the status-code documentation and RFC 9110 use.
/**
 * Alias of {@link PayloadTooLarge} (413).
 *
 * @example
 * throw new RequestEntityTooLarge('Uploads are limited to 10 MB'); // a PayloadTooLarge
 */
export const RequestEntityTooLarge = PayloadTooLarge;
export type RequestEntityTooLarge = PayloadTooLarge;
/**
 * Alias of {@link PayloadTooLarge} (413), the RFC 9110 name.
 *
 * @example
 * throw new ContentTooLarge('Uploads are limited to 10 MB'); // a PayloadTooLarge
 */
export const ContentTooLarge = PayloadTooLarge;
export type ContentTooLarge = PayloadTooLarge;
/**
 * Alias of {@link URITooLong} (414).
 *
 * @example
 * throw new RequestURITooLong('Query strings are limited to 2048 characters'); // a URITooLong
 */
export const RequestURITooLong = URITooLong;
export type RequestURITooLong = URITooLong;
/**
 * Alias of {@link RangeNotSatisfiable} (416).
 *
 * @example
 * throw new RequestedRangeNotSatisfiable({ size: 5000 }); // a RangeNotSatisfiable
 */
export const RequestedRangeNotSatisfiable = RangeNotSatisfiable;
export type RequestedRangeNotSatisfiable = RangeNotSatisfiable;
/**
 * Alias of {@link UnprocessableEntity} (422), the RFC 9110 name.
 *
 * @example
 * throw new UnprocessableContent('Validation failed', { details: [{ field: 'email', message: 'must be an email' }] });
 */
export const UnprocessableContent = UnprocessableEntity;
export type UnprocessableContent = UnprocessableEntity;

/**
 * The error class for each documented 4xx/5xx status.
 *
 * @example
 * const Unavailable = errorClasses[503]; // ServiceUnavailable
 * throw new Unavailable({ retryAfter: 30 });
 */
export const errorClasses: { readonly [S in ErrorStatus]: HttpErrorClass<S> } = /* @__PURE__ */ Object.freeze({
  400: BadRequest, 401: Unauthorized, 402: PaymentRequired, 403: Forbidden, 404: NotFound, 405: MethodNotAllowed,
  406: NotAcceptable, 407: ProxyAuthenticationRequired, 408: RequestTimeout, 409: Conflict, 410: Gone,
  411: LengthRequired, 412: PreconditionFailed, 413: PayloadTooLarge, 414: URITooLong, 415: UnsupportedMediaType,
  416: RangeNotSatisfiable, 417: ExpectationFailed, 418: ImATeapot, 421: MisdirectedRequest, 422: UnprocessableEntity,
  423: Locked, 424: FailedDependency, 425: TooEarly, 426: UpgradeRequired, 428: PreconditionRequired,
  429: TooManyRequests, 431: RequestHeaderFieldsTooLarge, 451: UnavailableForLegalReasons,
  500: InternalServerError, 501: NotImplemented, 502: BadGateway, 503: ServiceUnavailable, 504: GatewayTimeout,
  505: HTTPVersionNotSupported, 506: VariantAlsoNegotiates, 507: InsufficientStorage, 508: LoopDetected,
  510: NotExtended, 511: NetworkAuthenticationRequired,
});
