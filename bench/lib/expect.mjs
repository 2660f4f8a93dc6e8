/**
 * Checks one injected response against a case's expectation and throws, naming the case, on any difference:
 * a benchmark of a wrong answer measures nothing.
 */
export function checkResponse(name, expected, response) {
  const problems = [];
  if (response.statusCode !== expected.status) problems.push(`status ${response.statusCode}, expected ${expected.status}`);
  for (const [header, value] of Object.entries(expected.headers ?? {})) {
    const actual = response.headers[header.toLowerCase()];
    if (value === undefined ? actual !== undefined : String(actual) !== String(value)) {
      problems.push(`header ${header}: ${JSON.stringify(actual)}, expected ${JSON.stringify(value)}`);
    }
  }
  if (typeof expected.body === 'function') {
    const problem = expected.body(response.body);
    if (problem) problems.push(problem);
  } else if (expected.body !== undefined && response.body !== expected.body) {
    problems.push(`body ${JSON.stringify(response.body.slice(0, 300))}, expected ${JSON.stringify(expected.body.slice(0, 300))}`);
  }
  if (problems.length > 0) throw new Error(`case ${name} answers wrongly:\n  ${problems.join('\n  ')}`);
}
