import type { ServerResponse } from 'node:http';
import type { ErrorResponse } from '../response/options.js';
import { writeLastResort } from './last-resort.js';
import { cutResponse, prepareErrorResponse } from './node-response.js';

/**
 * Writes errata's response straight on a Node response, as the Express adapter does (errata/nest on Nest's Express
 * platform uses it). A response whose headers are out is finished whole if it ended, else cut, so that nothing
 * written later can make a cut-off body look complete.
 */
export function writeToNodeResponse(res: ServerResponse, method: string | undefined, response: () => ErrorResponse): void {
  if (res.headersSent) {
    if (!res.writableEnded) cutResponse(res);
    return;
  }
  try {
    const { status, headers, body } = response();
    prepareErrorResponse(res, headers);
    res.writeHead(status, headers);
    res.end(body);
  } catch (failure) {
    writeLastResort(res, method, failure);
  }
}
