/**
 * The problem types of the RateLimit draft (draft-ietf-httpapi-ratelimit-headers-09 and -10 §5), to be registered
 * in IANA's HTTP Problem Types registry. errata answers with them when the renderer's `rateLimitProblemTypes` is on.
 */
export const QUOTA_EXCEEDED = 'https://iana.org/assignments/http-problem-types#quota-exceeded';
export const TEMPORARY_REDUCED_CAPACITY = 'https://iana.org/assignments/http-problem-types#temporary-reduced-capacity';

// The titles the draft registers: RFC 9457 §3.1.3, a title summarises the type and does not change per occurrence.
const TITLES: Readonly<Record<string, string>> = {
  [QUOTA_EXCEEDED]: 'Request cannot be satisfied as assigned quota has been exceeded',
  [TEMPORARY_REDUCED_CAPACITY]: 'Request cannot be satisfied due to temporary server capacity constraints',
};

const reducedCapacity = new WeakSet<object>();

/** Marks the overload guard's 503: the service is up, with less capacity than usual for now. */
export function markReducedCapacity(error: object): void {
  reducedCapacity.add(error);
}

/** Whether the overload guard answered with this error. */
export function isReducedCapacity(error: unknown): boolean {
  return typeof error === 'object' && error !== null && reducedCapacity.has(error);
}

/**
 * A problem+json body given one of the draft's types: `type` and `title` replaced, `violated-policies` (the names)
 * after `instance`, every other member kept in its place. A body that is not a JSON object is returned unchanged.
 */
export function withProblemType(body: string, type: string, violated: readonly string[] | undefined): string {
  let problem: unknown;
  try {
    problem = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof problem !== 'object' || problem === null || Array.isArray(problem)) return body;
  const members = problem as Record<string, unknown>;
  const typed: Record<string, unknown> = { type, title: TITLES[type] ?? members.title };
  for (const [key, value] of Object.entries(members)) {
    if (key === 'type' || key === 'title') continue;
    typed[key] = value;
    if (key === 'instance' && violated !== undefined) typed['violated-policies'] = violated;
  }
  if (violated !== undefined && !('violated-policies' in typed)) {
    // No `instance` (no request path): the member follows `detail`, else `status`.
    const ordered: Record<string, unknown> = {};
    const after = 'detail' in typed ? 'detail' : 'status';
    for (const [key, value] of Object.entries(typed)) {
      ordered[key] = value;
      if (key === after) ordered['violated-policies'] = violated;
    }
    return JSON.stringify(ordered);
  }
  return JSON.stringify(typed);
}
