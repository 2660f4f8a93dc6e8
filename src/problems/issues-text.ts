import type { StandardSchemaV1 } from './standard-schema.js';

/** The first few Standard Schema issues as one line, `path: message; …`, for an error message a developer reads. */
export function describeIssues(issues: ReadonlyArray<StandardSchemaV1.Issue>, limit = 5): string {
  return issues
    .slice(0, limit)
    .map((issue) => {
      const path = (issue.path ?? []).map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}
