import type { JsonSchema } from './error-schema.js';

/**
 * An OpenAPI 3.1 Header Object.
 *
 * @example
 * const retryAfter: OpenApiHeader | undefined = openApiResponses([503]).ServiceUnavailable?.headers?.['Retry-After'];
 */
export interface OpenApiHeader {
  description: string;
  schema: JsonSchema;
}

const COUNT = { type: 'integer', minimum: 0 } as const;

// What each header errata may send on an error means; which status carries which comes from the errors themselves.
export const HEADER_DOCS: Readonly<Record<string, OpenApiHeader>> = {
  'Retry-After': {
    description: 'When the request may be retried: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Sent when the error has a retry hint.',
    schema: { type: 'string', examples: ['120', 'Wed, 21 Oct 2015 07:28:00 GMT'] },
  },
  Allow: {
    description: 'The methods the resource supports (RFC 9110 §10.2.1). Sent when the error is given `allow`.',
    schema: { type: 'string', examples: ['GET, HEAD'] },
  },
  'WWW-Authenticate': {
    description: 'The authentication challenges for the resource (RFC 9110 §11.6.1). Sent when the error is given `challenge`.',
    schema: { type: 'string', examples: ['Bearer realm="api"'] },
  },
  'Proxy-Authenticate': {
    description: 'The authentication challenges of the proxy (RFC 9110 §11.7.1). Sent when the error is given `challenge`.',
    schema: { type: 'string', examples: ['Basic realm="proxy"'] },
  },
  'Content-Range': {
    description: 'The current length of the representation (RFC 9110 §14.4). Sent when the error is given `size`.',
    schema: { type: 'string', pattern: '^bytes \\*/\\d+$', examples: ['bytes */1024'] },
  },
  Upgrade: {
    description: 'The protocol the client must switch to (RFC 9110 §7.8). Sent when the error is given `upgrade`.',
    schema: { type: 'string', examples: ['HTTP/2'] },
  },
  'RateLimit-Limit': { description: 'Requests allowed per window. Sent when the error is given `limit`.', schema: COUNT },
  'RateLimit-Remaining': { description: 'Requests left in the window. Sent when the error is given `remaining`.', schema: COUNT },
  'RateLimit-Reset': { description: 'Seconds until the window resets. Sent when the error is given `reset`.', schema: COUNT },
};

/** The documentation of a header, with a plain one for a header errata does not describe yet. */
export function headerDoc(name: string): OpenApiHeader {
  return HEADER_DOCS[name] ?? { description: `The ${name} header.`, schema: { type: 'string' } };
}
