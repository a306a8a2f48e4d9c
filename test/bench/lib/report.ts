/** Rows of the one table `pnpm bench` prints, and the table itself (Markdown, for docs/benchmarks.md too). */

export type Verdict = 'PASS' | 'FAIL' | 'SKIP' | '';

export interface Row {
  name: string;
  figure: string;
  goal: string;
  verdict: Verdict;
}

/** A figure reported for context, with no goal of its own. */
export function info(name: string, figure: string): Row {
  return { name, figure, goal: '', verdict: '' };
}

/** A figure held to a goal. */
export function goal(name: string, figure: string, goalText: string, met: boolean): Row {
  return { name, figure, goal: goalText, verdict: met ? 'PASS' : 'FAIL' };
}

export function skipped(name: string, reason: string, goalText = ''): Row {
  return { name, figure: `not measured: ${reason}`, goal: goalText, verdict: 'SKIP' };
}

export function renderTable(rows: Row[]): string {
  const header = ['Benchmark', 'Figure', 'Goal', 'Result'];
  const cells = rows.map((row) => [row.name, row.figure, row.goal || '—', row.verdict || '—']);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join(
    '\n',
  );
}

export const fmt = {
  rps: (value: number) => `${Math.round(value).toLocaleString('en-US')} req/s`,
  ms: (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`,
  mib: (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`,
  kib: (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`,
  percent: (share: number) => `${(share * 100).toFixed(share < 0.01 ? 3 : 2)} %`,
  // Truncated, never rounded up: a ratio just under its goal must not print as meeting it.
  ratio: (value: number) => `${(Math.floor(value * 100) / 100).toFixed(2)}×`,
};
