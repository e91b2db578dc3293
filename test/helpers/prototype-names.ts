// Names every plain object answers to: Object.prototype's own properties and `__proto__`. A name a
// request chooses (a route, a where key, a body field) looked up in a plain object finds these.
export const prototypeNames = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__'])];

/** The answer, or a failure saying that none came within `milliseconds`. */
export function withinTime<T>(answer: Promise<T>, milliseconds = 2_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${milliseconds} ms`)), milliseconds)));
  return Promise.race([answer, late]).finally(() => clearTimeout(timer));
}
