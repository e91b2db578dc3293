// Web-event ingest on the public routes (no API key, as the commerce API's own example posts):
// single posts from 64 clients, and batches of 100 events from 8. Every event is new, with a new
// account and consumer (SSN included, which both sides encrypt). Baseline: bench/baselines/ingest.ts.
import { json, uniqueToken, type Scenario } from './scenario.js';

export function newWebEvent(unique: string, index = 0) {
  const n = `${unique}i${index}`;
  return {
    id: `wev_${n}`,
    name: 'User Login',
    anonymousId: `anon_${n}`,
    account: {
      id: `acc_${n}`,
      lead: 'Lead ID',
      anonymousIds: [`anon_${n}`],
      consumer: {
        id: `con_${n}`,
        ssn: '123-45-6789',
        // A new consumer holds its own email: one consumer holds an email (README "One consumer per email").
        email: `${n}@example.com`,
        lastName: 'Doe',
        birthDate: '1990-05-15',
        firstName: 'John',
        phoneNumber: '555-0199',
      },
    },
  };
}

export const eventsPerBatch = 100;

/** A web event's receivedAt and eventTime (set by each side as it receives it) compared by their form: within the last minute. */
function normaliseTimes(answer: unknown): unknown {
  if (Array.isArray(answer)) return answer.map(normaliseTimes);
  if (typeof answer !== 'object' || answer === null) return answer;
  return Object.fromEntries(
    Object.entries(answer).map(([key, value]) => {
      const recent = (key === 'receivedAt' || key === 'eventTime') && typeof value === 'string' && Math.abs(Date.now() - Date.parse(value)) < 60_000;
      return [key, recent ? '<the last minute>' : normaliseTimes(value)];
    }),
  );
}

function singleEvent(path: string) {
  const unique = uniqueToken();
  return { method: 'POST' as const, path, headers: json, body: JSON.stringify(newWebEvent(unique)), unique };
}

function batchOfEvents(path: string) {
  const unique = uniqueToken();
  const batch = Array.from({ length: eventsPerBatch }, (_, index) => newWebEvent(unique, index));
  return { method: 'POST' as const, path, headers: json, body: JSON.stringify({ batch }), unique };
}

export const ingestSingle: Scenario = {
  name: 'ingest',
  title: 'single-post ingest: POST /api/webevents (public), 64 clients',
  goal: '>= 1.0x',
  sides: ['server', 'baseline'],
  ratio: ['server', 'baseline'],
  connections: 64,
  serverRequest: () => singleEvent('/api/webevents'),
  baselineRequest: () => singleEvent('/webevents'),
  normalise: normaliseTimes,
};

export const ingestBatch: Scenario = {
  name: 'ingest-batch',
  title: `batch ingest: POST /api/webevents/batch?depth=0 (public), ${eventsPerBatch} events a request, 8 clients`,
  goal: '>= 0.7x',
  sides: ['server', 'baseline'],
  ratio: ['server', 'baseline'],
  connections: 8,
  itemsPerRequest: eventsPerBatch,
  serverRequest: () => batchOfEvents('/api/webevents/batch?depth=0'),
  baselineRequest: () => batchOfEvents('/webevents/batch'),
  normalise: normaliseTimes,
};
