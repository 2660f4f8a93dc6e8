import { errorForStatus } from '../errors/error-for-status.js';
import type { HttpError } from '../errors/http-error.js';
import type { HttpErrorOptions } from '../errors/options.js';
import { parseRetryAfter } from '../retry/retry-after.js';
import { readBody } from './read-body.js';

type Body = Readonly<Record<string, unknown>>;

/** What an error body says about the error, beyond its status. */
interface BodyFields {
  message: string;
  options: HttpErrorOptions;
}

/** Whether the body may be errata's JSON or problem+json; a body without a Content-Type is given the chance. */
function mayBeJson(contentType: string | null): boolean {
  if (contentType === null) return true;
  const type = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json');
}

function parseObject(text: string): Body | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : undefined;
  } catch {
    return undefined;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The message an errata body carries: `message` in the JSON format; in problem+json, `detail` unless it only
 * repeats the description (the renderer's fallback when the message is not exposed), else `title`.
 * `undefined` when the body is neither: another server's JSON says nothing errata can trust.
 */
function messageOf(body: Body): string | undefined {
  if (typeof body.error === 'string' && typeof body.message === 'string') return nonEmpty(body.message);
  const title = nonEmpty(body.title);
  if (title === undefined) return undefined;
  const detail = nonEmpty(body.detail);
  return detail !== undefined && detail !== body.description ? detail : title;
}

function fieldsOf(body: Body, status: number): BodyFields | undefined {
  // RFC 9457 §3.1.2: `status` is advisory; one that disagrees with the response means the body is about something else.
  if (body.status !== undefined && body.status !== status) return undefined;
  const message = messageOf(body);
  if (message === undefined) return undefined;
  const options: HttpErrorOptions = {};
  const description = nonEmpty(body.description);
  if (description !== undefined) options.description = description;
  const code = nonEmpty(body.code);
  if (code !== undefined) options.code = code;
  if (typeof body.retryAfter === 'number' && Number.isInteger(body.retryAfter) && body.retryAfter >= 0) options.retryAfter = body.retryAfter;
  if (body.details !== undefined) options.details = body.details;
  return { message, options };
}

/** Whole seconds from the `Retry-After` header (delay-seconds or HTTP-date), or `undefined`. */
function retryAfterHeader(response: Response): number | undefined {
  const milliseconds = parseRetryAfter(response.headers.get('retry-after'));
  return milliseconds === undefined ? undefined : Math.ceil(milliseconds / 1000);
}

/**
 * Reads a `fetch` error response back into the errata error the server threw: an instance of the status's
 * class with `message`, `description`, `code`, `details` and `retryAfter` from a JSON or problem+json body.
 * From an HTML or text body, another server's body, an empty or malformed one, only the status and the
 * `Retry-After` header are read. `retryAfter` is always whole seconds. The body is consumed. Never fails
 * because of the body; rejects with a `RangeError`, without reading the body, when the status is not 400–599.
 *
 * @example
 * const response = await fetch(url);
 * if (!response.ok) throw await errorFromResponse(response);
 */
export async function errorFromResponse(response: Response): Promise<HttpError> {
  const { status } = response;
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`fromResponse: status ${String(status)} is not an error status (400–599)`);
  }
  let text: string | undefined;
  if (mayBeJson(response.headers.get('content-type'))) text = await readBody(response);
  // An HTML or text page says nothing more than the status; cancelling frees the connection for reuse.
  else await response.body?.cancel().catch(() => undefined);
  const body = text === undefined ? undefined : parseObject(text);
  const fields = body === undefined ? undefined : fieldsOf(body, status);
  const options = fields?.options ?? {};
  options.retryAfter ??= retryAfterHeader(response);
  return errorForStatus(status, fields?.message, options);
}
