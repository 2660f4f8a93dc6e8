import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as errata from '../src/index.js';
import { catalog, errorClasses } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
// The table of every status lives in docs/errors.md, the performance figures in docs/performance.md.
const errorsPage = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
const performancePage = readFileSync(new URL('../docs/performance.md', import.meta.url), 'utf8');

function statusTable(): Map<number, { classes: string[]; message: string; retryable: string }> {
  const section = errorsPage.slice(errorsPage.indexOf('<!-- section:statuses -->'), errorsPage.indexOf('<!-- /section:statuses -->'));
  const rows = new Map<number, { classes: string[]; message: string; retryable: string }>();
  for (const line of section.split('\n')) {
    const cells = /^\| (\d{3}) \| (.+) \| (.+) \| (yes|no) \|$/.exec(line);
    if (!cells) continue;
    rows.set(Number(cells[1]), { classes: [...cells[2]!.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]!), message: cells[3]!, retryable: cells[4]! });
  }
  return rows;
}

describe('docs/errors.md status table', () => {
  const rows = statusTable();

  it('lists exactly the catalogued codes', () => {
    expect([...rows.keys()]).toEqual(Object.values(catalog).map((entry) => entry.status));
  });

  it.each(Object.values(catalog))('row $status matches the catalogue and the exports', (entry) => {
    const row = rows.get(entry.status)!;
    expect(row.message).toBe(entry.message);
    expect(row.retryable).toBe(entry.retryable ? 'yes' : 'no');
    const errorClass = (errorClasses as Record<number, { name: string } | undefined>)[entry.status];
    if (entry.status >= 400) {
      expect(row.classes[0]).toBe(errorClass!.name);
      // Every name in the row, aliases included, is an export of that same class.
      for (const name of row.classes) expect((errata as Record<string, unknown>)[name]).toBe(errorClass);
    } else {
      expect(row.classes).toEqual([]);
    }
  });
});

describe('docs/performance.md and README performance figures', () => {
  const results = readFileSync(new URL('../bench/RESULTS.md', import.meta.url), 'utf8');
  const section = performancePage.slice(performancePage.indexOf('<!-- section:performance -->'), performancePage.indexOf('<!-- /section:performance -->'));
  // Rows of docs/performance.md's instruction table: `| case | 557 k (… ) | 1.04 (…) |`, bold or not.
  const rows = section
    .split('\n')
    .filter((line) => /^\| .+ \| \**[\d,]+ k/.test(line))
    .map((line) => line.replaceAll('**', ''));

  it('has an instruction table', () => {
    expect(rows.length).toBeGreaterThanOrEqual(6);
  });

  it.each(rows)('%s is a row of bench/RESULTS.md', (row) => {
    const [, , count, ratio] = row.split('|').map((cell) => cell.trim());
    // The same figures (count with its range, ratio with its range) on one line of a RESULTS.md table.
    const line = results.split('\n').find((candidate) => candidate.startsWith('| ') && candidate.includes(` ${count} |`) && candidate.includes(` ${ratio} |`));
    expect(line, `no RESULTS.md row with "${count}" and "${ratio}"`).toBeDefined();
  });

  // The README's summary quotes instruction counts (`530 k`, `1,216 k`): each is a count of that table.
  const summary = readme.slice(readme.indexOf('<!-- section:performance -->'), readme.indexOf('<!-- /section:performance -->'));
  const quoted = [...summary.matchAll(/\(?([\d,]+ k)\)?/g)].map((match) => match[1]!);

  it('the README quotes counts', () => {
    expect(quoted.length).toBeGreaterThanOrEqual(6);
  });

  it.each(quoted)('the README figure %s is a count of the table', (count) => {
    expect(rows.some((row) => row.split('|')[2]!.trim().split(' (')[0] === count), count).toBe(true);
  });
});
