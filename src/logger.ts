// Yoga's logger. Error messages can carry the values a caller sent (GraphQL prints a rejected
// variable in its message), so errors are logged by name, code and stack frames only: secrets and
// personal data never reach the log.
import type { YogaLogger } from 'graphql-yoga';

function describe(value: unknown): string {
  if (!(value instanceof Error)) return typeof value;
  // A GraphQL error wrapping a resolver's failure: the failure is what is worth reading.
  const cause = (value as { originalError?: unknown }).originalError;
  if (cause instanceof Error) return describe(cause);
  const code = (value as { code?: unknown }).code ?? (value as { extensions?: { code?: unknown } }).extensions?.code;
  // Only the frames: a message (Prisma's spans lines, with a snippet of the call) may hold values.
  const stack = value.stack ?? '';
  const start = stack.indexOf('\n    at ');
  const frames = start < 0 ? '' : stack.slice(start + 1).split('\n').slice(0, 7).join('\n');
  return `${value.name}${typeof code === 'string' ? ` ${code}` : ''}\n${frames}`;
}

const quiet = process.env.LOG_LEVEL === 'silent';

export const logger: YogaLogger = {
  debug: () => {},
  info: (...args) => !quiet && console.info(...args),
  warn: (...args) => !quiet && console.warn(...args.map((arg) => (arg instanceof Error ? describe(arg) : arg))),
  error: (...args) => !quiet && console.error('error:', ...args.map(describe)),
};
