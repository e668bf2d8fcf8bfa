/** A GitHub-flavoured Markdown table; cells are escaped for `|`. */
export function formatMarkdownTable(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
): string {
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const formatMs = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(2)} ms` : 'n/a');
export const formatSignedMs = (ms: number) =>
  Number.isFinite(ms) ? `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(2)} ms` : 'n/a';
export const formatCount = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';
export const formatRatio = (value: number) => (Number.isFinite(value) ? `×${value.toFixed(3)}` : 'n/a');
export const formatPercent = (share: number) => `${(share * 100).toFixed(1)}%`;
export const formatMebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const formatKibibytes = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
