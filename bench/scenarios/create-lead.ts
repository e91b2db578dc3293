// Flat create: createLead with scalar fields only (no relation), answering what it wrote.
// Baseline: bench/baselines/create-lead.ts. The new id and the creation time differ by nature;
// the check compares their form.
import { bearer, graphqlBody, json, uniqueToken, type BenchRequest, type Scenario } from './scenario.js';

export const createLeadMutation = `mutation CreateLead($input: CreateLeadInput!) {
  createLead(input: $input) { id email phoneNumber firstName lastName processStatuses timeToPurchase bodyStyle monthlyPayment createdAt }
}`;

export function flatLeadInput() {
  const unique = uniqueToken();
  return {
    unique,
    input: {
      email: `lead.${unique}@example.com`,
      phoneNumber: '555-0100',
      firstName: 'Ada',
      lastName: 'Lovelace',
      processStatuses: 'New',
      timeToPurchase: ['ASAP'],
      bodyStyle: ['suv'],
      monthlyPayment: 450,
    },
  };
}

type CreatedLead = { data?: { createLead?: { id?: unknown; createdAt?: unknown } } };

const baselineRequest = (path: string) => (): BenchRequest => {
  const { unique, input } = flatLeadInput();
  return { method: 'POST', path, headers: json, body: JSON.stringify(input), unique };
};

export const createLead: Scenario = {
  name: 'create-lead',
  title: 'flat create, GraphQL: createLead with 8 scalar fields',
  goal: '>= 0.45x',
  sides: ['server', 'baseline'],
  ratio: ['server', 'baseline'],
  connections: 10,
  serverRequest: (apiKey) => {
    const { unique, input } = flatLeadInput();
    return { method: 'POST', path: '/graphql', headers: bearer(apiKey), body: graphqlBody(createLeadMutation, { input }), unique };
  },
  baselineRequest: baselineRequest('/graphql/createLead'),
  normalise: (answer) => {
    const lead = (answer as CreatedLead).data?.createLead;
    if (lead && typeof lead.id === 'string' && /^led_[0-9a-z]{12}$/.test(lead.id)) lead.id = '<a new lead id>';
    const createdAt = typeof lead?.createdAt === 'string' ? Date.parse(lead.createdAt) : Number.NaN;
    if (lead && Math.abs(Date.now() - createdAt) < 60_000) lead.createdAt = '<the last minute>';
    return answer;
  },
};

/** The same create against a baseline that writes what the server's CRM rules write beside the lead. */
export const createLeadWithRules: Scenario = {
  ...createLead,
  name: 'create-lead-rules',
  title: 'flat create, GraphQL, against a baseline writing the same rows (rep pick, audit entry, status history, outbox)',
  goal: 'none (what the rules cost)',
  baselineRequest: baselineRequest('/graphql/createLeadWithRules'),
};
