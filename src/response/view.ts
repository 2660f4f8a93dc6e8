import { STATUS_CODES } from 'node:http';
import { catalog as defaultCatalog, type Catalog } from '../catalog/catalog.js';
import type { HttpError } from '../errors/http-error.js';
import { secondsUntil, type RetryAfter } from '../retry/retry-after.js';

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
}

/** The documented text for a status: the given catalogue first, field by field, then errata's, then Node's. */
function documented(status: number, catalog: Catalog | undefined): { message: string; description: string; name: string } {
  const own = catalog?.[status];
  const fallback = (defaultCatalog as Catalog)[status];
  const message = own?.message || fallback?.message || STATUS_CODES[status] || `Error ${status}`;
  return {
    message,
    description: own?.description || fallback?.description || '',
    name: own?.name || fallback?.name || message.replace(/[^A-Za-z0-9]/g, ''),
  };
}

export function buildView(
  error: HttpError,
  production: boolean,
  catalog: Catalog | undefined,
  defaultRetryAfter: RetryAfter | undefined,
  requestId: string | undefined,
): ErrorView {
  const status = error.status;
  const text = documented(status, catalog);
  const builtIn = (defaultCatalog as Catalog)[status];
  const exposed = error.expose || !production;
  // A message or description equal to errata's default is not the error's own: the catalogue in use supplies it.
  const ownMessage = exposed && error.message !== builtIn?.message && error.message !== '' ? error.message : undefined;
  const ownDescription = error.description !== builtIn?.description && error.description !== '' ? error.description : undefined;
  const retryAfter = error.retryAfter ?? defaultRetryAfter;
  return {
    status,
    title: text.message,
    ownMessage,
    description: ownDescription ?? text.description,
    retryable: error.retryable || retryAfter !== undefined,
    retryAfter: retryAfter === undefined ? undefined : secondsUntil(retryAfter),
    code: typeof error.code === 'string' && error.code !== '' ? error.code : undefined,
    details: exposed ? error.details : undefined,
    requestId,
    stack: production || typeof error.stack !== 'string' ? undefined : error.stack,
    name: text.name,
  };
}

/** The retry hint in words, or `undefined` when the error is not retryable. */
export function retryHint(view: Pick<ErrorView, 'retryable' | 'retryAfter'>): string | undefined {
  if (view.retryAfter !== undefined) {
    return view.retryAfter === 0 ? 'Try again now.' : `Try again in ${view.retryAfter} second${view.retryAfter === 1 ? '' : 's'}.`;
  }
  return view.retryable ? 'This is temporary: try again later.' : undefined;
}
