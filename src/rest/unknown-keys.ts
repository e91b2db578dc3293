// The keys of a body object that a route does not take, each a problem naming it, so that the
// caller sees which key to fix. A key is the caller's own text: it is named when it is a short
// plain name (as a query parameter is: parameters.ts), else by its position among the object's keys.

type Problem = { field: string; message: string };

const plain = /^[\w$-]{1,64}$/;

/** A key as a path segment: itself when plain, else `key <position>` (1-based, among the object's keys). */
export const keyName = (key: string, position: number) => (plain.test(key) && key.isWellFormed() ? key : `key ${position + 1}`);

/** A problem for each key of `body` not in `known`, at `at` (`customer`; '' for the body itself). */
export function unknownKeys(body: object, known: readonly string[], at = ''): Problem[] {
  return Object.keys(body).flatMap((key, position) =>
    known.includes(key)
      ? []
      : [{ field: at ? `${at}.${keyName(key, position)}` : keyName(key, position), message: `is not known here: give ${known.join(', ')}` }],
  );
}
