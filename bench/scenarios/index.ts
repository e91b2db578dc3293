// Every scenario, by the name `npm run bench -- --scenario <name>` takes, in the order a full run
// times them: reads first, then writes (which add rows), then PGlite. `rss` is a report rather than
// a timing: the server's resident memory sampled during the nested GraphQL read's rounds.
import { createLead, createLeadWithRules } from './create-lead.js';
import { ingestBatch, ingestSingle } from './ingest.js';
import { lookupGraphql, lookupRest } from './lookup.js';
import { nestedGraphql } from './nested-graphql.js';
import { nestedRest } from './nested-rest.js';
import { pgliteNested } from './pglite.js';
import type { Scenario } from './scenario.js';

export const scenarios: Scenario[] = [
  nestedGraphql,
  nestedRest,
  lookupGraphql,
  lookupRest,
  createLead,
  createLeadWithRules,
  ingestSingle,
  ingestBatch,
  pgliteNested,
];

export const rssReport = { name: 'rss', measuredDuring: nestedGraphql.name, goal: '< 200 MB' };

export const scenarioNames = [...scenarios.map((scenario) => scenario.name), rssReport.name];

/** The scenarios to time for the names asked for (all of them for none). */
export function selectScenarios(names: string[]): Scenario[] {
  const unknown = names.filter((name) => !scenarioNames.includes(name));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}: choose from ${scenarioNames.join(', ')}`);
  if (names.length === 0) return scenarios;
  const wanted = new Set(names.map((name) => (name === rssReport.name ? rssReport.measuredDuring : name)));
  return scenarios.filter((scenario) => wanted.has(scenario.name));
}
