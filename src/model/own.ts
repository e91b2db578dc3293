/**
 * The entry a name from a request picks out of a record, or undefined: only the record's own
 * entries count, so `constructor` or `__proto__` never reach Object.prototype.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return record && Object.hasOwn(record, name) ? record[name] : undefined;
}
