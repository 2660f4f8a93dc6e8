import { retryHint, type ErrorView } from './view.js';

/** `404 Not Found`, then an application problem's title, the error's own message, the description and the retry hint, one per line. */
export function renderText(view: ErrorView): string {
  const lines = [`${view.status} ${view.title}`, ''];
  for (const line of [view.problem?.title, view.ownMessage, view.description, retryHint(view), view.requestId && `Request ID: ${view.requestId}`]) {
    if (line) lines.push(line);
  }
  if (view.stack !== undefined) lines.push('', view.stack);
  return `${lines.join('\n')}\n`;
}
