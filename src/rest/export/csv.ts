// CSV cells as RFC 4180 writes them, made safe to open in a spreadsheet. The rule (README, REST):
// - text that starts with =, +, -, @, a tab or a carriage return gets a ' in front, so a
//   spreadsheet shows it as text and never runs it as a formula (OWASP's CSV injection advice);
//   numbers are written as numbers, a negative one included, since they are no text to run;
// - a cell holding a comma, a double quote, a line break or a leading or trailing space is put in
//   double quotes, each double quote in it doubled;
// - no value is an empty cell; lists and JSON objects are their JSON text.
const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]|^\s|\s$/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (typeof value === 'string' && formulaStart.test(text)) text = `'${text}`;
  return needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, ended by CRLF as RFC 4180 has it. */
export const csvLine = (values: readonly unknown[]) => `${values.map(csvCell).join(',')}\r\n`;
