import { utf8Length } from './utf8-length.js';
import type { ErrorFormat, RequestFacts, ResponseOptions } from './options.js';
import { serialise, serialiseWithLength, type Serialised } from './serialise.js';
import type { ErrorView } from './view.js';

/** Whether two standard views show the same text and hint (only standard views are kept, so the rest is absent in both). */
function sameText(a: ErrorView, b: ErrorView): boolean {
  return a.status === b.status && a.title === b.title && a.description === b.description && a.retryable === b.retryable && a.name === b.name && a.language === b.language;
}

/**
 * A view with the documented text only: nothing of one occurrence but, perhaps, the request id. An application
 * problem is not: one status may have many, and the memo keeps one body per status.
 */
function isStandard(view: ErrorView): boolean {
  return (
    view.problem === undefined &&
    view.ownMessage === undefined &&
    view.retryAfter === undefined &&
    view.code === undefined &&
    view.details === undefined &&
    view.stack === undefined
  );
}

// The parts of a kept body that change per request are kept as slots: these stand in their place while the body is
// serialised once, then each request's values are filled in. problem+json names the request path as `instance`;
// both JSON formats carry the request id (a framework's own id changes every request: Fastify's `req-1`, `req-2`…).
const INSTANCE_SLOT = '\u0000errata:instance\u0000';
const REQUEST_ID_SLOT = '\u0000errata:request-id\u0000';

type Slot = 'path' | 'requestId';
const SLOT_TEXT: Readonly<Record<Slot, string>> = { path: INSTANCE_SLOT, requestId: REQUEST_ID_SLOT };

/** A kept body: whole, or the text around its slots (`texts` has one more entry than `slots`). */
interface KeptBody {
  view: ErrorView;
  whole: Serialised | undefined;
  slots: readonly Slot[];
  texts: readonly string[];
  bytes: number;
}

/** Where the slot's JSON stands in the body, when it stands there once (a catalogue text could hold the same characters). */
function onlyPlace(body: string, slot: Slot): number {
  const json = JSON.stringify(SLOT_TEXT[slot]);
  const at = body.indexOf(json);
  return at === -1 || body.includes(json, at + 1) ? -1 : at;
}

function keepBody(format: ErrorFormat, view: ErrorView, options: ResponseOptions, request: RequestFacts, slots: readonly Slot[]): KeptBody | undefined {
  if (slots.length === 0) return { view, whole: serialiseWithLength(format, view, options, request), slots, texts: [], bytes: 0 };
  const slotted: RequestFacts = { ...request };
  let slottedView = view;
  for (const slot of slots) {
    if (slot === 'path') slotted.path = INSTANCE_SLOT;
    else slottedView = { ...view, requestId: REQUEST_ID_SLOT };
  }
  const body = serialise(format, slottedView, options, slotted);
  const places = slots.map((slot) => ({ slot, at: onlyPlace(body, slot) })).sort((a, b) => a.at - b.at);
  if (places.some((place) => place.at === -1)) return undefined;
  const texts: string[] = [];
  let from = 0;
  for (const { slot, at } of places) {
    texts.push(body.slice(from, at));
    from = at + JSON.stringify(SLOT_TEXT[slot]).length;
  }
  texts.push(body.slice(from));
  return { view, whole: undefined, slots: places.map((place) => place.slot), texts, bytes: texts.reduce((sum, text) => sum + utf8Length(text), 0) };
}

function fillBody(kept: KeptBody, path: string, requestId: string | undefined): Serialised {
  if (kept.whole !== undefined) return kept.whole;
  const { slots, texts } = kept;
  let body = texts[0] as string;
  let bytes = kept.bytes;
  for (let i = 0; i < slots.length; i++) {
    const value = JSON.stringify(slots[i] === 'path' ? path : requestId);
    body += value + (texts[i + 1] as string);
    bytes += utf8Length(value);
  }
  return { body, contentLength: String(bytes) };
}

// Kept bodies with a request id slot are filed apart from those without, under the status plus this.
const WITH_REQUEST_ID = 1000;

/**
 * Remembers the body of each standard view (a status's documented text, nothing of one occurrence), per language,
 * format and status: most errors a server answers are these, and their bodies never change but for the
 * problem+json `instance` and the request id, which are filled in per request. Bounded by the statuses (400–599),
 * the formats, the configured languages and whether a request id is sent.
 */
export function createBodyMemo(options: ResponseOptions): (format: ErrorFormat, view: ErrorView, request: RequestFacts) => Serialised {
  // Keyed by language, then format, then status, without building a string key per request.
  const kept = new Map<string | undefined, Map<ErrorFormat, Map<number, KeptBody>>>();
  return (format: ErrorFormat, view: ErrorView, request: RequestFacts): Serialised => {
    const path = request.path;
    const requestId = view.requestId;
    const json = format === 'json' || format === 'problem';
    // problem+json without a path has no `instance` member; HTML and text show a request id in their own way: these
    // are answered without the memo.
    if (!isStandard(view) || (format === 'problem' && (typeof path !== 'string' || path === '')) || (requestId !== undefined && !json)) {
      return serialiseWithLength(format, view, options, request);
    }
    let byFormat = kept.get(view.language);
    if (byFormat === undefined) kept.set(view.language, (byFormat = new Map()));
    let byStatus = byFormat.get(format);
    if (byStatus === undefined) byFormat.set(format, (byStatus = new Map()));
    const key = requestId === undefined ? view.status : view.status + WITH_REQUEST_ID;
    let entry = byStatus.get(key);
    if (entry === undefined || !sameText(entry.view, view)) {
      const slots: Slot[] = [];
      if (format === 'problem') slots.push('path');
      if (requestId !== undefined) slots.push('requestId');
      entry = keepBody(format, view, options, request, slots);
      if (entry === undefined) return serialiseWithLength(format, view, options, request);
      byStatus.set(key, entry);
    }
    return fillBody(entry, path as string, requestId);
  };
}
