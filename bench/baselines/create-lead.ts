// Baseline of the flat createLead (bench/scenarios/create-lead.ts): one INSERT ... RETURNING that
// answers the mutation's selection in the GraphQL response body. The id is made as the server makes
// it (the prefix and 12 random characters).
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

export const createLeadSql = `
  INSERT INTO "Lead" (id, email, "phoneNumber", "firstName", "lastName", "processStatuses", "timeToPurchase", "bodyStyle", "monthlyPayment", "updatedAt")
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
  RETURNING json_build_object('data', json_build_object('createLead', json_build_object(
    'id', id, 'email', email, 'phoneNumber', "phoneNumber", 'firstName', "firstName", 'lastName', "lastName", 'processStatuses', "processStatuses",
    'timeToPurchase', "timeToPurchase", 'bodyStyle', "bodyStyle", 'monthlyPayment', "monthlyPayment", 'createdAt', ${isoTimestamp('"createdAt"')})))::text AS body`;

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
const newLeadId = () => `led_${Array.from({ length: 12 }, () => alphabet[randomInt(alphabet.length)]).join('')}`;

export async function createLead(input: FlatLeadInput): Promise<string> {
  const [row] = await runPrepared<{ body: string }>('create_lead', createLeadSql, [
    newLeadId(),
    input.email,
    input.phoneNumber,
    input.firstName ?? null,
    input.lastName ?? null,
    input.processStatuses ?? null,
    input.timeToPurchase ?? null,
    input.bodyStyle ?? null,
    input.monthlyPayment ?? null,
  ]);
  return row.body;
}
