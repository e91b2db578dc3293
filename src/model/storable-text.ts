// What text PostgreSQL cannot hold as sent: NUL (text and jsonb refuse it) and a lone UTF-16
// surrogate (`"\ud800"` is valid JSON, but jsonb refuses it, and a text column would get U+FFFD in
// its place: a value other than the one sent). Refused up front, naming the field, instead of
// failing in the database with nothing to say which field it was.

/** Why `value` cannot be stored as sent, or undefined when it can. */
export function unstorableText(value: string): string | undefined {
  if (value.includes('\u0000')) return 'must not contain the NUL character';
  if (!value.isWellFormed()) return 'must be well-formed Unicode (a lone UTF-16 surrogate such as \\ud800 is no character)';
  return undefined;
}
