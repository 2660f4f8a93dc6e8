/** A Markdown table from a header row and rows of cells. */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `1,234 k` for instruction counts. */
export function kilo(value) {
  return `${Math.round(value / 1000).toLocaleString('en')} k`;
}

/** A ratio with two decimals. */
export function ratio(value) {
  return Number.isFinite(value) ? value.toFixed(2) : '–';
}
