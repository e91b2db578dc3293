// The run's report: a Markdown table for people and the same figures as JSON, both written to
// bench/results/<timestamp>.{md,json} (not committed: the README keeps a table written by hand).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plan } from './explain.js';
import type { Slot } from './measure.js';
import type { Scenario, Side } from './scenarios/scenario.js';

export interface ScenarioResult {
  scenario: Scenario;
  slots: Slot[];
  /** The scenario's ratio in each round. */
  ratios: number[];
}

export interface Run {
  started: Date;
  machine: string;
  options: { rounds: number; seconds: number; warmUpSeconds: number };
  results: ScenarioResult[];
  rss?: { idleMegabytes: number; samples: number[]; goal: string };
  plans: Plan[];
}

export const median = (values: number[]) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const fixed = (value: number | undefined, digits = 0) => (value !== undefined && Number.isFinite(value) ? value.toFixed(digits) : '-');
const cells = (values: string[]) => `| ${values.join(' | ')} |`;
const load = (slot: Slot) => `load ${slot.loadAverage.toFixed(2)}`;

export function ratioSummary(result: ScenarioResult) {
  return { median: median(result.ratios), min: Math.min(...result.ratios), max: Math.max(...result.ratios) };
}

function sideRow(result: ScenarioResult, side: Side): string {
  const slots = result.slots.filter((slot) => slot.side === side);
  const perRound = slots.map((slot) => `${fixed(slot.requestsPerSecond)} (${load(slot)})`).join(', ');
  const items = result.scenario.itemsPerRequest ? fixed(median(slots.map((slot) => slot.itemsPerSecond))) : '';
  const of = (pick: (slot: Slot) => number | undefined, digits: number) => fixed(median(slots.map((slot) => pick(slot) ?? Number.NaN)), digits);
  return cells([
    result.scenario.name,
    side,
    perRound,
    of((slot) => slot.requestsPerSecond, 0),
    items,
    of((slot) => slot.p50, 1),
    of((slot) => slot.p99, 1),
    of((slot) => slot.statementsPerRequest, 2),
    of((slot) => slot.processCpuMsPerRequest, 2),
    of((slot) => slot.databaseCpuMsPerRequest, 2),
    String(slots.reduce((sum, slot) => sum + slot.failures, 0)),
  ]);
}

export function markdown(run: Run): string {
  const { rounds, seconds, warmUpSeconds } = run.options;
  const lines = [
    `# commerce-graph benchmark, ${run.started.toISOString()}`,
    '',
    `${run.machine}. ${rounds} interleaved rounds of ${seconds} s per side (after ${warmUpSeconds} s of warm-up per side); "load" is the 1-minute load average at the end of each slot.`,
    '',
    '## Ratios',
    '',
    cells(['scenario', 'goal', 'ratio (median)', 'range over rounds', 'each round (load at the end of its last slot)']),
    cells(['---', '---', '---:', '---', '---']),
    ...run.results.map((result) => {
      const { median: middle, min, max } = ratioSummary(result);
      const [numerator, denominator] = result.scenario.ratio;
      const roundLoads = result.ratios.map((ratio, index) => {
        const last = result.slots.filter((slot) => slot.round === index + 1).at(-1);
        return `${ratio.toFixed(2)}x (${last ? load(last) : ''})`;
      });
      return cells([
        `${result.scenario.name}: ${result.scenario.title} (${numerator} / ${denominator})`,
        result.scenario.goal,
        `${middle.toFixed(2)}x`,
        `${min.toFixed(2)}-${max.toFixed(2)}x`,
        roundLoads.join(', '),
      ]);
    }),
    ...(run.rss
      ? [
          cells([
            'rss: server resident memory under the nested GraphQL read, PostgreSQL',
            run.rss.goal,
            `max ${fixed(Math.max(...run.rss.samples))} MB`,
            `median ${fixed(median(run.rss.samples))} MB`,
            `idle before the run ${fixed(run.rss.idleMegabytes)} MB; ${run.rss.samples.length} samples`,
          ]),
        ]
      : []),
    '',
    '## Each side',
    '',
    'CPU ms/req: the process (/proc/<pid>/stat utime + stime; the PGlite server holds its database) and the PostgreSQL backends of its connections.',
    '',
    cells([
      'scenario',
      'side',
      'req/s each round (load)',
      'req/s median',
      'items/s',
      'p50 ms',
      'p99 ms',
      'SQL/req',
      'CPU ms/req process',
      'CPU ms/req PostgreSQL',
      'failed',
    ]),
    cells(['---', '---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...run.results.flatMap((result) => result.scenario.sides.map((side) => sideRow(result, side))),
    '',
    '## Baseline statements, EXPLAIN ANALYZE on the loaded dataset',
    '',
    cells(['statement', 'execution ms', 'sequential scans']),
    cells(['---', '---:', '---']),
    ...run.plans.map((plan) => cells([plan.statement, plan.executionMs.toFixed(2), plan.sequentialScans.join('; ') || 'none'])),
    '',
    ...run.plans.flatMap((plan) => [`### ${plan.statement}`, '', '```', ...plan.shape, '```', '']),
  ];
  return lines.join('\n');
}

export function writeReport(run: Run, directory: string): string {
  mkdirSync(directory, { recursive: true });
  const stamp = run.started.toISOString().replace(/[:.]/g, '-');
  const file = path.join(directory, stamp);
  writeFileSync(`${file}.md`, `${markdown(run)}\n`);
  const { results, ...rest } = run;
  const json = {
    ...rest,
    results: results.map(({ scenario, ...result }) => ({ scenario: scenario.name, title: scenario.title, goal: scenario.goal, ...result })),
  };
  writeFileSync(`${file}.json`, `${JSON.stringify(json, null, 2)}\n`);
  return `${file}.md`;
}
