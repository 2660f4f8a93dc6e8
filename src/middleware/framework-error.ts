import { errorForStatus } from '../errors/error-for-status.js';
import type { HttpError } from '../errors/http-error.js';
import { stackOf } from '../errors/is-error.js';
import type { FieldError } from '../integrations/field-errors.js';

/** What a framework's own error says about itself (Fastify's `@fastify/error`, Nest's `HttpException`). */
export interface FrameworkErrorFacts {
  status: number;
  message: string | undefined;
  code?: string | undefined;
  details?: FieldError[] | undefined;
}

/**
 * The errata error for an error a framework made for its client: its status, code and details, its message sent as
 * for http-errors (a 4xx's always, a 5xx's only in development), the original as `cause` and its stack. Unlike an
 * arbitrary foreign error, the framework wrote these messages to be answered with (its own default handler sends
 * them), so a 4xx's is exposed.
 */
export function frameworkError(original: unknown, facts: FrameworkErrorFacts): HttpError {
  const message = typeof facts.message === 'string' && facts.message !== '' ? facts.message : undefined;
  const error = errorForStatus(facts.status, message, {
    cause: original,
    captureStack: false,
    expose: facts.status < 500,
    code: facts.code,
    details: facts.details,
  });
  const stack = stackOf(original);
  if (stack !== undefined) error.stack = stack;
  return error;
}
