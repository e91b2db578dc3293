// Writes in as few statements as their meaning allows: a write of one record is one INSERT or
// UPDATE with no transaction around it, and when its answer wants only columns of that record the
// statement returns them (no read after it). Reads select the columns asked for, never a
// personal column nobody asked for. The answers must be what a read of the record gives.
import { describe, expect, it } from 'vitest';
import { countStatements, ok } from './helpers/graphql.js';

const leadFields = `id nodeId phoneNumber phone email firstName acceptsGeneratedMessages latestEvent searches timeToPurchase
  monthlyPayment cashDown oneOwner leadEvents createdAt updatedAt`;
const leadInput = `{ phoneNumber: "555-0100", email: "statements@example.com", firstName: "Stella", acceptsGeneratedMessages: true,
  latestEvent: 7, searches: [1, 2], timeToPurchase: ["soon", "later"], monthlyPayment: 399.5, cashDown: 1000.25, oneOwner: false,
  leadEvents: [] }`;
// Lists it does not give: NULL in the row, read as empty lists.
const listsNotGiven = 'carStyle calls comfort';
const consumerFields = 'id firstName email phoneNumbers birthDate ssn createdAt updatedAt';

type Written = Record<string, Record<string, unknown>>;

describe('SQL statements per write', () => {
  it('creates a record in one statement that returns the answer, equal to a read of it', async () => {
    let written: Written = {};
    const { count, statements } = await countStatements(async () => {
      written = await ok(`mutation { createLead(input: ${leadInput}) { ${leadFields} ${listsNotGiven} } }`);
    });
    expect(count, statements.join('\n')).toBe(1);
    expect(statements[0]).toMatch(/^WITH written AS \(INSERT INTO "Lead"/);
    const read: Written = await ok(`{ lead(id: "${written.createLead.id}") { ${leadFields} ${listsNotGiven} } }`);
    expect(written.createLead).toEqual(read.lead);
    expect(written.createLead).toMatchObject({ carStyle: [], searches: [1, 2], monthlyPayment: 399.5, acceptsGeneratedMessages: true, leadEvents: [] });
  });

  it('answers dates and personal values from the write as a read does', async () => {
    let written: Written = {};
    const input =
      '{ firstName: "Dora", lastName: "Date", phoneNumber: "555-0101", email: "dora@example.com", phoneNumbers: ["555-0102"], birthDate: "1990-05-15", ssn: "123-45-6789" }';
    const { count } = await countStatements(async () => {
      written = await ok(`mutation { createConsumer(input: ${input}) { ${consumerFields} } }`);
    });
    expect(count).toBe(1);
    const read: Written = await ok(`{ consumer(id: "${written.createConsumer.id}") { ${consumerFields} } }`);
    expect(written.createConsumer).toEqual(read.consumer);
    expect(written.createConsumer).toMatchObject({ birthDate: '1990-05-15', ssn: '123-45-6789' });
  });

  it('updates a record in one statement', async () => {
    const created: Written = await ok(`mutation { createLead(input: ${leadInput}) { id } }`);
    let updated: Written = {};
    const { count, statements } = await countStatements(async () => {
      updated = await ok(`mutation { updateLead(id: "${created.createLead.id}", input: { firstName: "Stan", searches: [3] }) { ${leadFields} } }`);
    });
    expect(count, statements.join('\n')).toBe(1);
    expect(statements[0]).toMatch(/^WITH written AS \(UPDATE "Lead"/);
    const read: Written = await ok(`{ lead(id: "${created.createLead.id}") { ${leadFields} } }`);
    expect(updated.updateLead).toEqual(read.lead);
    expect(updated.updateLead).toMatchObject({ firstName: 'Stan', searches: [3] });
  });

  it('reads the record after the write when the answer wants a relation, still without a transaction', async () => {
    const { count, statements } = await countStatements(() => ok(`mutation { createLead(input: ${leadInput}) { id consumer { id } favorites { vin } } }`));
    expect(statements.map((statement) => statement.split(/\s/)[0])).toEqual(['WITH', 'SELECT']);
    expect(count).toBe(2);
  });

  it('writes several records in one transaction', async () => {
    const { statements } = await countStatements(() =>
      ok(`mutation { createLead(input: { phoneNumber: "555-0103", email: "nested@example.com",
        consumer: { upsert: { firstName: "Nes", lastName: "Ted", phoneNumber: "555-0104", birthDate: "1991-01-01" } } }) { id } }`),
    );
    // Prisma reports the COMMIT (PGlite's driver adapter as a comment naming it), not the BEGIN.
    expect(statements.map((statement) => statement.split(/\s/)[0])).toEqual(['WITH', 'WITH', expect.stringMatching(/COMMIT|--/)]);
    expect(statements[2]).toMatch(/COMMIT/);
  });

  it('reads only the columns a query asks for: no personal column unless asked', async () => {
    const { statements } = await countStatements(() => ok('{ leads(first: 5) { edges { node { id consumer { id firstName } } } } }'));
    expect(statements).toHaveLength(1);
    expect(statements[0]).not.toMatch(/"ssn"|"birthDate"|"email"|"notes"/);
    expect(statements[0]).toMatch(/"firstName"/);
  });
});
