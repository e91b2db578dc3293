// REST's `depth`: how many levels of related records come back as objects; below that a relation
// is its key (a list relation: a list of keys).
export const defaultDepth = 2;
export const maxDepth = 10;

/** The depth a query string asks for: the default when absent, clamped to the maximum. */
export function parseDepth(raw: unknown): { depth: number } | { problem: string } {
  if (raw === null || raw === undefined || raw === '') return { depth: defaultDepth };
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return { problem: `depth: must be a whole number from 0 (keys only) to ${maxDepth}` };
  return { depth: Math.min(Number(raw), maxDepth) };
}
