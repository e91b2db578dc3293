// Baselines of the flat createLead (bench/scenarios/create-lead.ts), each one statement that answers
// the mutation's selection in the GraphQL response body. The id is made as the server makes it (the
// prefix and 12 random characters).
// - createLead: the INSERT ... RETURNING alone, as the hand-written server wrote it.
// - createLeadWithRules: the same INSERT with the rows the server's CRM rules write beside it (README
//   "CRM rules"): the rep picked by assign_sales_rep, the audit entry, the first status-history row
//   and, for each webhook endpoint that follows lead.created, a delivery in the outbox. The two
//   measure apart what the server's stack costs and what its rules cost.
import { randomInt } from 'node:crypto';
import { isoTimestamp } from './json-fields.js';
import { runPrepared } from './database.js';

export interface FlatLeadInput {
  email: string;
  phoneNumber: string;
  firstName?: string;
  lastName?: string;
  processStatuses?: string;
  timeToPurchase?: string[];
  bodyStyle?: string[];
  monthlyPayment?: number;
}

const answer = `json_build_object('data', json_build_object('createLead', json_build_object(
    'id', id, 'email', email, 'phoneNumber', "phoneNumber", 'firstName', "firstName", 'lastName', "lastName", 'processStatuses', "processStatuses",
    'timeToPurchase', "timeToPurchase", 'bodyStyle', "bodyStyle", 'monthlyPayment', "monthlyPayment", 'createdAt', ${isoTimestamp('"createdAt"')})))::text AS body`;

export const createLeadSql = `
  INSERT INTO "Lead" (id, email, "phoneNumber", "firstName", "lastName", "processStatuses", "timeToPurchase", "bodyStyle", "monthlyPayment", "updatedAt")
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
  RETURNING ${answer}`;

// $10 is who writes (the server writes its key's name), $11 the fields given.
export const createLeadWithRulesSql = `
  WITH lead AS (
    INSERT INTO "Lead" (id, email, "phoneNumber", "firstName", "lastName", "processStatuses", "timeToPurchase", "bodyStyle", "monthlyPayment",
                        "salesRepId", "createdAt", "updatedAt", "createdBy", "updatedBy")
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, assign_sales_rep(NULL), now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', $10, $10)
    RETURNING *),
  audit AS (
    INSERT INTO "AuditEntry" (at, actor, operation, entity, "recordKey", fields)
    SELECT now() AT TIME ZONE 'UTC', $10, 'create', 'Lead', id, CASE WHEN "salesRepId" IS NULL THEN $11::text[] ELSE $11::text[] || '{salesRep}' END FROM lead),
  history AS (
    INSERT INTO "LeadStatusChange" ("leadId", "fromStatus", "toStatus", "changedBy", "changedAt")
    SELECT id, NULL, "processStatuses", $10, clock_timestamp() AT TIME ZONE 'UTC' FROM lead WHERE "processStatuses" IS NOT NULL),
  deliveries AS (
    INSERT INTO "WebhookDelivery" (id, "endpointId", "eventId", type, payload, "nextAttemptAt")
    SELECT 'dlv_' || replace(gen_random_uuid()::text, '-', ''), e.id, $12::text, 'lead.created',
           jsonb_build_object('id', $12::text, 'type', 'lead.created', 'createdAt', ${isoTimestamp('lead."createdAt"')}, 'data', jsonb_build_object('id', lead.id, 'changedFields', $11::text[])),
           now() AT TIME ZONE 'UTC'
    FROM "WebhookEndpoint" AS e, lead WHERE 'lead.created' = ANY(e.events))
  SELECT ${answer} FROM lead`;

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
const newId = (prefix: string) => `${prefix}_${Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('')}`;

const leadColumns = (input: FlatLeadInput) => [
  newId('led'),
  input.email,
  input.phoneNumber,
  input.firstName ?? null,
  input.lastName ?? null,
  input.processStatuses ?? null,
  input.timeToPurchase ?? null,
  input.bodyStyle ?? null,
  input.monthlyPayment ?? null,
];

export async function createLead(input: FlatLeadInput): Promise<string> {
  const [row] = await runPrepared<{ body: string }>('create_lead', createLeadSql, leadColumns(input));
  return row.body;
}

export async function createLeadWithRules(input: FlatLeadInput): Promise<string> {
  const given = Object.keys(input).filter((field) => input[field as keyof FlatLeadInput] !== undefined);
  const [row] = await runPrepared<{ body: string }>('create_lead_with_rules', createLeadWithRulesSql, [...leadColumns(input), 'bench', given, newId('evt')]);
  return row.body;
}
