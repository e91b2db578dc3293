// A number sent as text is read in decimal notation only (`500`, `-0.5`, `1e3`). Number() would
// also read `0x1F` as 31, `0b11` as 3, `0o7` as 7, `Infinity`, and `''` or `' '` as 0: a value
// other than the one the caller wrote, stored without a word.

const decimal = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
/**
 * Digits an integer sent as text may have: every 15-digit integer is exact in a double (2^53 is
 * 16 digits, and some 16-digit integers are not), so the rule is one a caller can count.
 */
export const maxIntegerDigits = 15;
const integer = new RegExp(`^-?\\d{1,${maxIntegerDigits}}$`);

/** The finite number a decimal text writes, or undefined when it is no decimal number. */
export function decimalNumber(text: string): number | undefined {
  const number = decimal.test(text) ? Number(text) : Number.NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** Whether a number (sent as JSON) is an integer of at most `maxIntegerDigits` digits, as decimalInteger reads them. */
export const isShortInteger = (value: number) => Number.isInteger(value) && Math.abs(value) < 10 ** maxIntegerDigits;

/** The integer a text of at most `maxIntegerDigits` digits writes, or undefined when it is none. */
export function decimalInteger(text: string): number | undefined {
  return integer.test(text) ? Number(text) : undefined;
}
