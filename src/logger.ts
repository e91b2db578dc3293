// The server's log: JSON lines on stdout (pino), one per request and one per event worth an
// operator's attention, at LOG_LEVEL (info by default; silent turns it off). `npm run dev` pipes
// it through pino-pretty.
//
// Secrets and personal data never reach it. Nothing logs a request body or a value; errors are
// logged by name, code and stack frames, without their message (Prisma's quotes the call, and
// GraphQL prints a rejected variable into its own); and the fields that would hold such data if
// anything ever logged them are redacted.
import type { YogaLogger } from 'graphql-yoga';
import { pino } from 'pino';

/** An error as the log shows it: what it is and where it came from, never what it says. */
export function describeError(value: unknown): Record<string, unknown> {
  if (!(value instanceof Error)) return { type: typeof value };
  // A GraphQL error wrapping a resolver's failure: the failure is what is worth reading.
  const cause = (value as { originalError?: unknown }).originalError;
  if (cause instanceof Error) return describeError(cause);
  const code = (value as { code?: unknown }).code ?? (value as { extensions?: { code?: unknown } }).extensions?.code;
  const stack = value.stack ?? '';
  const start = stack.indexOf('\n    at ');
  const frames =
    start < 0
      ? []
      : stack
          .slice(start + 1)
          .split('\n')
          .slice(0, 7)
          .map((frame) => frame.trim());
  return { type: value.name, ...(typeof code === 'string' && { code }), frames };
}

/** Field names that would hold personal data or secrets, wherever they appear in a log line. */
export const redactedFields = ['ssn', 'birthDate', 'email', 'phoneNumber', 'phone', 'phoneNumbers', 'authorization', 'secret', 'key', 'password'];

/** The levels LOG_LEVEL may name, quietest last. */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function logLevel(): string {
  const level = process.env.LOG_LEVEL || 'info';
  if (!logLevels.includes(level)) throw new Error(`LOG_LEVEL "${level}" is not a level: use one of ${logLevels.join(', ')}`);
  return level;
}

export const log = pino({
  level: logLevel(),
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  serializers: { err: describeError },
  redact: { paths: redactedFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]), censor: '[redacted]' },
});

const logged =
  (level: 'debug' | 'info' | 'warn' | 'error') =>
  (...args: unknown[]) => {
    const error = args.find((arg) => arg instanceof Error);
    const message = args.find((arg): arg is string => typeof arg === 'string') ?? (error ? 'error' : '');
    if (error) log[level]({ err: error }, message);
    else log[level](message);
  };

/** The same log for Yoga, which hands it strings and errors. */
export const logger: YogaLogger = { debug: logged('debug'), info: logged('info'), warn: logged('warn'), error: logged('error') };
