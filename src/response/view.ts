import { catalog as defaultCatalog, defaultMessageFor, nameFromMessage, type Catalog } from '../catalog/catalog.js';
import type { HttpError } from '../errors/http-error.js';
import { problemOf, type ProblemData } from '../problems/problem-data.js';
import { secondsUntil, type RetryAfter } from '../retry/retry-after.js';
import type { Locale } from './locale.js';

/** Everything a body shows, after exposure rules are applied. Each format serialises it its own way. */
export interface ErrorView {
  status: number;
  /** The documented message (`Not Found`). */
  title: string;
  /** The error's own message when exposed and different from the documented one. */
  ownMessage: string | undefined;
  description: string;
  retryable: boolean;
  /** Whole seconds until a retry may succeed. */
  retryAfter: number | undefined;
  code: string | undefined;
  details: unknown;
  requestId: string | undefined;
  stack: string | undefined;
  /** The error's class name, such as `NotFound`. */
  name: string;
  /** The language tag of the text, when `catalogs` chose one. */
  language?: string | undefined;
  /** The application problem (defineProblem) this error is an occurrence of: its documented type, title and text. */
  problem?: ProblemData | undefined;
}

/** The documented text for a status: the given catalogue first, field by field, then errata's, then Node's. */
function documented(status: number, catalog: Catalog | undefined): { message: string; description: string; name: string } {
  const own = catalog?.[status];
  const fallback = (defaultCatalog as Catalog)[status];
  const message = own?.message || defaultMessageFor(status);
  return {
    message,
    description: own?.description || fallback?.description || '',
    name: own?.name || fallback?.name || nameFromMessage(message),
  };
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/**
 * Whether a stack trace says more than `Name: message`: errors built without capturing one (a thrown string
 * or number wrapped by toHttpError) have no frames, and echoing their first line would only mislead.
 */
function hasFrames(stack: unknown): stack is string {
  return typeof stack === 'string' && /\n[ \t]+at /.test(stack);
}

/**
 * What a body shows of an error. Each field of the error is read once, so the value checked is the value shown
 * (the renderer reads `status` once and passes it). An unexposed error (a 5xx, or a foreign error that did not say
 * `expose: true`) shows the documented text only: its own message, description and details stay in the logs.
 */
export function buildView(
  error: HttpError,
  status: number,
  production: boolean,
  catalog: Catalog | undefined,
  retryAfter: RetryAfter | undefined,
  requestId: string | undefined,
  locale?: Locale,
): ErrorView {
  // The locale supplies the text only; `retryable` below stays the default catalogue's in every language.
  const text = documented(status, locale === undefined ? catalog : locale.catalog);
  const builtIn = (defaultCatalog as Catalog)[status];
  // Only a real `true` exposes: a forged errata error may carry any value here.
  const exposed = error.expose === true || !production;
  const message = exposed ? error.message : undefined;
  const description = exposed ? error.description : undefined;
  const stack = production ? undefined : error.stack;
  // An application problem's text is its definition's, documentation like the catalogue's: sent whatever the exposure.
  const problem = problemOf(error);
  const code = problem?.code ?? error.code;
  // A message or description equal to the default is not the error's own: the catalogue (or the problem) supplies it.
  const ownMessage = isText(message) && message !== (problem?.title ?? defaultMessageFor(status)) ? message : undefined;
  const ownDescription = isText(description) && description !== builtIn?.description ? description : undefined;
  // A catalogue in the options decides the flag too, so that it agrees with the description served beside it; a
  // problem's own flag is its definition's.
  const retryableStatus = (problem === undefined ? catalog?.[status]?.retryable : undefined) ?? error.retryable === true;
  return {
    status,
    title: text.message,
    ownMessage,
    description: problem?.description ?? ownDescription ?? text.description,
    retryable: retryableStatus || retryAfter !== undefined,
    retryAfter: retryAfter === undefined ? undefined : secondsUntil(retryAfter),
    code: isText(code) ? code : undefined,
    details: exposed ? error.details : undefined,
    requestId,
    stack: hasFrames(stack) ? stack : undefined,
    name: text.name,
    language: locale?.tag,
    problem,
  };
}

/** The retry hint in words, or `undefined` when the error is not retryable. */
export function retryHint(view: Pick<ErrorView, 'retryable' | 'retryAfter'>): string | undefined {
  if (view.retryAfter !== undefined) {
    return view.retryAfter === 0 ? 'Try again now.' : `Try again in ${view.retryAfter} second${view.retryAfter === 1 ? '' : 's'}.`;
  }
  return view.retryable ? 'This is temporary: try again later.' : undefined;
}
