// The keys of a body object that a route does not take, each a problem naming it, so that the
// caller sees which key to fix. A key is the caller's own text: it is named when it is a short
// plain name (as a query parameter is: parameters.ts), else by its position among the object's keys.

import { keyName } from '../key-names.js';

type Problem = { field: string; message: string };

/** A problem for each key of `body` not in `known`, at `at` (`customer`; '' for the body itself). */
export function unknownKeys(body: object, known: readonly string[], at = ''): Problem[] {
  return Object.keys(body).flatMap((key, position) =>
    known.includes(key)
      ? []
      : [{ field: at ? `${at}.${keyName(key, position)}` : keyName(key, position), message: `is not known here: give ${known.join(', ')}` }],
  );
}
