/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, a tab or a carriage return first) is
 * written with a leading apostrophe, so exported text can never run in the reader's Excel.
 */
export function inertCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 CSV with a BOM (Excel then reads UTF-8 Vietnamese), CRLF line ends, every field quoted and inert. */
export function csvBytes(rows: readonly (readonly string[])[]): Buffer {
  const lines = rows.map((row) => row.map((cell) => `"${inertCell(cell).replace(/"/g, '""')}"`).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
