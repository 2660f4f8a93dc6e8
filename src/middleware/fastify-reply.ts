import type { FastifyReply } from 'fastify';
import type { ErrorResponse } from '../response/options.js';
import { writeLastResort } from './last-resort.js';
import { cutResponse, prepareErrorResponse } from './node-response.js';

/**
 * The method to render a Fastify request's error for: a HEAD request's as GET, since Fastify's HEAD routes measure
 * the body they are given for Content-Length (an empty one would say 0), and Node drops the body of a HEAD response.
 */
export function renderMethodOf(method: string): string {
  return method === 'HEAD' ? 'GET' : method;
}

/**
 * The Node response view `prepareErrorResponse` works on, over both places a header may be: Fastify's reply
 * (`reply.header`) and Node's response (`reply.raw.setHeader`, by a hook or a plugin). A class, not an object
 * literal: a literal with `get`/`set` gets a hidden class of its own per call, kept in old space with the closures
 * it points to until a full collection, which made every collection after it promote each request's objects
 * (errata on Fastify spent a third of its time in the collector, 2.5× the bare error path's cost).
 */
class ReplyView {
  readonly #reply: FastifyReply;

  constructor(reply: FastifyReply) {
    this.#reply = reply;
  }

  getHeaderNames(): string[] {
    return Object.keys(this.#reply.getHeaders());
  }

  getHeader(name: string): ReturnType<FastifyReply['getHeader']> {
    return this.#reply.getHeader(name);
  }

  removeHeader(name: string): void {
    this.#reply.removeHeader(name);
    this.#reply.raw.removeHeader(name);
  }

  get statusMessage(): string | undefined {
    const raw = this.#reply.raw;
    // HTTP/2 has no reason phrase, and Node warns when one is read on its compatibility response.
    return 'stream' in raw ? undefined : raw.statusMessage;
  }

  set statusMessage(value: string) {
    const raw = this.#reply.raw;
    if (!('stream' in raw)) raw.statusMessage = value;
  }
}

/**
 * Writes errata's response through a Fastify reply (used by errata/fastify, and errata/nest on Nest's Fastify
 * platform): through `reply.code(...).headers(...).send(body)`, so onSend hooks (compression, a body logger) see it
 * as any other. A reply hijacked or already sent is left alone; one whose headers are out is cut.
 */
export function writeToReply(reply: FastifyReply, method: string, response: () => ErrorResponse): void {
  if (reply.sent) return;
  const raw = reply.raw;
  if (raw.headersSent) {
    // Too late to answer: close it, so that nothing written later can make a cut-off body look complete.
    cutResponse(raw);
    return;
  }
  try {
    const { status, headers, body } = response();
    prepareErrorResponse(new ReplyView(reply), headers);
    reply.code(status).headers(headers).send(body);
  } catch (failure) {
    if (raw.headersSent) return;
    // Fastify must not write after errata's bare 500.
    reply.hijack();
    writeLastResort(raw, method, failure);
  }
}
