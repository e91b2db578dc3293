// A number sent as text is read in decimal notation only (`500`, `-0.5`, `1e3`). Number() would
// also read `0x1F` as 31, `0b11` as 3, `0o7` as 7, `Infinity`, and `''` or `' '` as 0: a value
// other than the one the caller wrote, stored without a word.

const decimal = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const integer = /^-?\d+$/;

/** The finite number a decimal text writes, or undefined when it is no decimal number. */
export function decimalNumber(text: string): number | undefined {
  const number = decimal.test(text) ? Number(text) : Number.NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** The integer a text of digits writes, or undefined when it is none or past 2^53 (a double would round it). */
export function decimalInteger(text: string): number | undefined {
  const number = integer.test(text) ? Number(text) : Number.NaN;
  return Number.isSafeInteger(number) ? number : undefined;
}
