// Prints the BENCH lines collected by bench/run.sh (one JSON object a line) as one table.
// Usage: node bench/table.js .cache/bench/results.jsonl
'use strict';
const fs = require('node:fs');

const file = process.argv[2];
const results = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));

const number = (n) =>
  !Number.isFinite(n) ? '—' : Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);

/** Whether `ratio` meets a target written `≥ 0.5×` or `≤ 1.5×`; undefined when there is none. */
function verdict(ratio, target) {
  const m = /^([≥≤])\s*([0-9.]+)×$/.exec(target ?? '');
  if (!m || !Number.isFinite(ratio)) return undefined;
  return m[1] === '≥' ? ratio >= Number(m[2]) : ratio <= Number(m[2]);
}

const rows = [['workload', 'ours', 'baseline', 'ratio', 'target']];
for (const r of results) {
  const met = verdict(r.ratio, r.target);
  rows.push([
    r.workload,
    `${number(r.ours)} ${r.unit}`,
    `${number(r.baseline)} ${r.unit} (${r.baselineName})`,
    Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}×` : '—',
    `${r.target ?? '—'}${met === undefined ? '' : met ? ' met' : ' MISSED'}`,
  ]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
const line = (row) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
console.log('');
console.log(line(rows[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows.slice(1)) console.log(line(row));
const extras = results.filter((r) => r.extra && Object.keys(r.extra).length > 0);
if (extras.length > 0) console.log('');
for (const r of extras)
  console.log(
    `  ${r.workload}: ${Object.entries(r.extra)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
