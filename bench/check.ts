// Before any timing: each side answers the scenario's request once, and the answers must be the
// same, field by field, or the run stops with the differences. A benchmark whose baseline answers
// less (or more) than the server would measure something else.
import { differences } from './compare.js';
import type { BenchRequest, Scenario, Side } from './scenarios/scenario.js';

export interface CheckedSide {
  side: Side;
  port: number;
  request: () => BenchRequest;
}

async function answer(port: number, request: BenchRequest, scenario: Scenario): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
  let text = await response.text();
  if (!response.ok) throw new Error(`${scenario.name}: answered ${response.status} on port ${port}: ${text.slice(0, 500)}`);
  if (request.unique) text = text.replaceAll(request.unique, '<unique>');
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed === 'object' && parsed !== null && 'errors' in parsed)
    throw new Error(`${scenario.name}: GraphQL errors on port ${port}: ${text.slice(0, 500)}`);
  return scenario.normalise ? scenario.normalise(parsed) : parsed;
}

export async function checkSameAnswers(scenario: Scenario, sides: CheckedSide[]): Promise<void> {
  const [reference, ...others] = sides;
  const expected = await answer(reference.port, reference.request(), scenario);
  for (const other of others) {
    const found = differences(expected, await answer(other.port, other.request(), scenario));
    if (found.length) {
      const shown = found.slice(0, 30).join('\n  ');
      throw new Error(`${scenario.name}: ${other.side} does not answer as ${reference.side} (${found.length} differences):\n  ${shown}`);
    }
  }
}
