import { errorForStatus } from '../errors/error-for-status.js';
import type { HttpError } from '../errors/http-error.js';
import type { HttpErrorOptions } from '../errors/options.js';
import { parseRetryAfter } from '../retry/retry-after.js';
import type { FieldError } from '../integrations/field-errors.js';
import { readBody } from './read-body.js';
import { problemFromBody, problemsOf, type ResponseProblem } from './problem-from-body.js';

export type { ResponseProblem } from './problem-from-body.js';

/**
 * How to read an error response: the application problems (`defineProblem` classes) it may be an occurrence of.
 *
 * @example
 * const options: FromResponseOptions<typeof OutOfCredit | typeof AccountLocked> = { problems: [OutOfCredit, AccountLocked] };
 * const error = await errorFromResponse(response, options);
 */
export interface FromResponseOptions<P extends ResponseProblem = ResponseProblem> {
  /**
   * Problems to recognise: a body whose `type` (else `code`) and status are one of these problems' gives an instance
   * of its class, with the members from the body. Any other body gives what it gives without the option.
   */
  problems?: readonly P[];
}

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
  else {
    const fieldErrors = fieldErrorsOf(body.errors);
    if (fieldErrors !== undefined) options.details = fieldErrors;
  }
  return { message, options };
}

/** A JSON Pointer in URI fragment form (`#/user/email`) as errata's dotted field path (`user.email`). */
function fieldOf(pointer: string): string | undefined {
  if (pointer !== '#' && !pointer.startsWith('#/')) return undefined;
  try {
    return pointer === '#' ? '' : pointer.slice(2).split('/').map((key) => decodeURIComponent(key).replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
  } catch {
    return undefined;
  }
}

/**
 * RFC 9457 §3's field errors (`errors: [{ detail, pointer }]`, which errata sends with `problemFieldErrors: 'errors'`)
 * as the `details` the validator integrations send, so a client reads one shape whichever the server chose.
 */
function fieldErrorsOf(errors: unknown): FieldError[] | undefined {
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const details: FieldError[] = [];
  for (const item of errors as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { detail, pointer, code } = item as Record<string, unknown>;
    const field = typeof pointer === 'string' ? fieldOf(pointer) : undefined;
    if (typeof detail !== 'string' || field === undefined) return undefined;
    details.push(typeof code === 'string' ? { field, message: detail, code } : { field, message: detail });
  }
  return details;
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
 * because of the body; rejects with a `RangeError`, without reading the body, when the status is not 400–599,
 * and with a `TypeError` when `problems` holds something `defineProblem` did not make.
 *
 * With `problems`, a JSON or problem+json body of one of those problems (its `type`, else its `code`, and its
 * status) gives an instance of the problem's class, its `members` read from the body (problem+json's extension
 * members, JSON's `details`). Members that fail the problem's schema (when it validates synchronously) give the
 * status's class instead, as without the option: a typed error never carries members its type does not describe.
 *
 * @example
 * const response = await fetch(url);
 * if (!response.ok) {
 *   const error = await errorFromResponse(response, { problems: [OutOfCredit] });
 *   if (error instanceof OutOfCredit) showTopUp(error.members.balance);
 *   throw error;
 * }
 */
export async function errorFromResponse<P extends ResponseProblem = never>(response: Response, options?: FromResponseOptions<P>): Promise<HttpError | P['prototype']> {
  const { status } = response;
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new RangeError(`fromResponse: status ${String(status)} is not an error status (400–599)`);
  }
  const problems = problemsOf(options?.problems);
  let text: string | undefined;
  if (mayBeJson(response.headers.get('content-type'))) text = await readBody(response);
  // An HTML or text page says nothing more than the status; cancelling frees the connection for reuse.
  else await response.body?.cancel().catch(() => undefined);
  const body = text === undefined ? undefined : parseObject(text);
  const fields = body === undefined ? undefined : fieldsOf(body, status);
  const errorOptions = fields?.options ?? {};
  errorOptions.retryAfter ??= retryAfterHeader(response);
  const problem = body === undefined || fields === undefined ? undefined : problemFromBody(problems, body, status, fields.message, errorOptions.retryAfter);
  return problem ?? errorForStatus(status, fields?.message, errorOptions);
}
