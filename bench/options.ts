// The command line of `npm run bench`:
//   --scenario <name>   a scenario to run (repeatable; all by default): see bench/scenarios/index.ts
//   --rounds <n>        interleaved rounds per scenario (default 3, at least 3)
//   --seconds <s>       length of each timed slot (default 5)
//   --warm-up <s>       untimed load per side before a scenario's first round (default 2)
// BENCH_DATABASE_URL names the PostgreSQL server (default postgresql://postgres@127.0.0.1:5432/test);
// the benchmark makes a database of its own there and drops it at the end.
import { parseArgs } from 'node:util';

export interface Options {
  scenarios: string[];
  rounds: number;
  seconds: number;
  warmUpSeconds: number;
  adminUrl: string;
}

function positive(name: string, raw: string | undefined, fallback: number, least = 1): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < least) throw new Error(`--${name} must be a number, at least ${least}`);
  return value;
}

export function readOptions(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      scenario: { type: 'string', multiple: true },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      'warm-up': { type: 'string' },
    },
  });
  return {
    scenarios: values.scenario ?? [],
    // Fewer than three rounds give no median worth the name, nor a range.
    rounds: Math.round(positive('rounds', values.rounds, 3, 3)),
    seconds: positive('seconds', values.seconds, 5),
    warmUpSeconds: positive('warm-up', values['warm-up'], 2, 0),
    adminUrl: process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
  };
}
