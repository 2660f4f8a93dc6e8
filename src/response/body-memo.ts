import { utf8Length } from './utf8-length.js';
import type { ErrorFormat, RequestFacts, ResponseOptions } from './options.js';
import { serialise, serialiseWithLength, type Serialised } from './serialise.js';
import type { ErrorView } from './view.js';

/** Whether two standard views show the same text and hint (only standard views are kept, so the rest is absent in both). */
function sameText(a: ErrorView, b: ErrorView): boolean {
  return a.status === b.status && a.title === b.title && a.description === b.description && a.retryable === b.retryable && a.name === b.name && a.language === b.language;
}

function isStandard(view: ErrorView): boolean {
  return (
    view.ownMessage === undefined &&
    view.retryAfter === undefined &&
    view.code === undefined &&
    view.details === undefined &&
    view.requestId === undefined &&
    view.stack === undefined
  );
}

// problem+json names the request path as `instance`: its body is kept with this in the path's place, then filled.
const INSTANCE_SLOT = '\u0000errata:instance\u0000';
const INSTANCE_SLOT_JSON = JSON.stringify(INSTANCE_SLOT);

/** A kept body: whole, or (problem+json) the text before and after the serialised `instance`. */
interface KeptBody {
  view: ErrorView;
  whole: Serialised | undefined;
  before: string;
  after: string;
  bytes: number;
}

function keepBody(format: ErrorFormat, view: ErrorView, options: ResponseOptions, request: RequestFacts): KeptBody | undefined {
  if (format !== 'problem') return { view, whole: serialiseWithLength(format, view, options, request), before: '', after: '', bytes: 0 };
  const body = serialise(format, view, options, { ...request, path: INSTANCE_SLOT });
  const at = body.indexOf(INSTANCE_SLOT_JSON);
  // Only where the slot stands once: a catalogue text could, in theory, hold the same characters.
  if (at === -1 || body.includes(INSTANCE_SLOT_JSON, at + 1)) return undefined;
  const before = body.slice(0, at);
  const after = body.slice(at + INSTANCE_SLOT_JSON.length);
  return { view, whole: undefined, before, after, bytes: utf8Length(before) + utf8Length(after) };
}

function fillBody(kept: KeptBody, path: string): Serialised {
  if (kept.whole !== undefined) return kept.whole;
  const instance = JSON.stringify(path);
  return { body: kept.before + instance + kept.after, contentLength: String(kept.bytes + utf8Length(instance)) };
}

/**
 * Remembers the body of each standard view (a status's documented text, nothing of one occurrence), per language,
 * format and status: most errors a server answers are these, and their bodies never change but for the
 * problem+json `instance`, which is filled in per request. Bounded by the statuses (400–599), the formats and the
 * configured languages.
 */
export function createBodyMemo(options: ResponseOptions): (format: ErrorFormat, view: ErrorView, request: RequestFacts) => Serialised {
  // Keyed by language, then format, then status, without building a string key per request.
  const kept = new Map<string | undefined, Map<ErrorFormat, Map<number, KeptBody>>>();
  return (format: ErrorFormat, view: ErrorView, request: RequestFacts): Serialised => {
    const path = request.path;
    // problem+json without a path has no `instance` member: answered without the memo.
    if (!isStandard(view) || (format === 'problem' && (typeof path !== 'string' || path === ''))) {
      return serialiseWithLength(format, view, options, request);
    }
    let byFormat = kept.get(view.language);
    if (byFormat === undefined) kept.set(view.language, (byFormat = new Map()));
    let byStatus = byFormat.get(format);
    if (byStatus === undefined) byFormat.set(format, (byStatus = new Map()));
    let entry = byStatus.get(view.status);
    if (entry === undefined || !sameText(entry.view, view)) {
      entry = keepBody(format, view, options, request);
      if (entry === undefined) return serialiseWithLength(format, view, options, request);
      byStatus.set(view.status, entry);
    }
    return fillBody(entry, path as string);
  };
}
