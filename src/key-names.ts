// A key of a body or a filter is the caller's own text: an error names it when it is a short plain
// name, else by its position among its object's keys (`key 3`), so that a long or odd key (a
// secret, 5,000 characters) is never echoed back. One rule for REST bodies and GraphQL's refusals.

const plain = /^[\w$-]{1,64}$/;

/** Whether an error may say `key` as it is. */
export const isPlainKey = (key: string) => plain.test(key) && key.isWellFormed();

/** A key as a path segment: itself when plain, else `key <position>` (1-based, among the object's keys). */
export const keyName = (key: string, position: number) => (isPlainKey(key) ? key : `key ${position + 1}`);

/** Whether a segment names a key by its position (what keyName makes of a key that is not plain). */
export const isPositionName = (segment: string) => /^key [1-9]\d{0,5}$/.test(segment);
