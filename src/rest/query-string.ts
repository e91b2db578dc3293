// A REST list's query string, read with qs as Payload reads it (`where[field][operator]=value`), so
// that nothing in it is dropped without a word: a filter left out would widen the answer. By
// default qs drops keys named like Object.prototype's properties (`where[toString]`), parameters
// past its limit, and keeps brackets past its depth as one odd key. Here its objects have no
// prototype, so every name is kept (and refused later as no field or operator), a limit exceeded
// is a problem, and a bracket named `__proto__`, which qs drops whatever the options, is looked
// for in the names.
// A parameter that is not UTF-8 is a problem too (http/query-parameters.ts).
import qs from 'qs';
import type { Problem } from '../errors.js';
import { formDecoded, queryParameters } from '../http/query-parameters.js';
import { filterLimits, filterTooDeep } from '../schema/filter-limits.js';

export const queryStringLimits = {
  parameters: 1000,
  listItems: 1000,
  // where[and][0] ... [field][operator]: two brackets a level of and/or, two for the condition.
  brackets: 2 * filterLimits.depth + 2,
};

const bracketsOf = (name: string) => name.split('[').length - 1;

/** The names in a parameter's brackets: `where[and][0][name]` has `and`, `0` and `name`. */
const bracketNames = (name: string) => [...name.matchAll(/\[([^\]]*)\]/g)].map((match) => match[1]);

type Query = Record<string, unknown>;

// The parameters REST reads, by which a parameter that is not UTF-8 is named. A Set: the name
// comes from the request.
const listParameters = new Set(['where', 'sort', 'limit', 'page', 'depth']);

export function parseQueryString(search: string, problems: Problem[]): Query {
  const text = search.replace(/^\?/, '');
  // Decoded strictly first: qs keeps an escape that is not UTF-8 (%FF) as the text "%FF", and a
  // condition would compare with what nobody sent.
  const read = queryParameters(text);
  if ('notUtf8' in read) {
    // `where[...]` is named `where` even when what is in its brackets is not UTF-8.
    const parameter = formDecoded(read.notUtf8.rawName.split(/\[|%5B/i)[0]);
    problems.push({ field: parameter !== undefined && listParameters.has(parameter) ? parameter : 'query string', message: 'is not valid UTF-8' });
    return {};
  }
  for (const [name] of read.parameters) {
    if (!/^where\b/.test(name)) continue;
    // Only a whole bracket named `__proto__` (`where[__proto__]`): `where[properties.__proto__]` names
    // an event property, a key like any other, which qs keeps.
    if (bracketNames(name).includes('__proto__')) {
      problems.push({ field: 'where', message: '__proto__ is neither a field nor an operator' });
      return {};
    }
    if (bracketsOf(name) > queryStringLimits.brackets) {
      problems.push(filterTooDeep('where'));
      return {};
    }
  }
  try {
    return qs.parse(text, {
      depth: queryStringLimits.brackets,
      arrayLimit: queryStringLimits.listItems,
      parameterLimit: queryStringLimits.parameters,
      plainObjects: true,
      allowPrototypes: true,
      strictDepth: true,
      throwOnLimitExceeded: true,
    });
  } catch {
    const { parameters, listItems, brackets } = queryStringLimits;
    problems.push({
      field: 'query string',
      message: `may have at most ${parameters} parameters, ${listItems} items in a list and ${brackets} levels of brackets`,
    });
    return {};
  }
}
