// Web-event ingest, many events at a time. A web event's id is its idempotency key: an event whose
// id is stored already (or comes twice in one batch) writes nothing and answers with the stored
// event. Events of the common shape (an account by id or as an object, its consumer by id or as an
// object without addresses, its lead by id) are written set-wise: a few multi-row statements for
// the whole batch in one transaction. Every other event, and every event of a batch whose set-wise
// write fails in the database, goes through the general nested write in a transaction of its own,
// so a batch is never all or nothing: each event is.
import type { GraphQLError } from 'graphql';
import { prisma } from '../db.js';
import { noteSent } from '../auth/personal-data.js';
import { newWriteTrace, recordId, type WriteTrace } from './write-trace.js';
import { ConflictError, InputError, unexpectedError, type Problem } from '../errors.js';
import { knownDatabaseError } from '../mask-error.js';
import { logger } from '../logger.js';
import type { EntityDescription } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { keyProblem, validateScalars, type WriteMode } from '../model/validate.js';
import { bulkInsert, bulkUpdate } from './bulk-upsert.js';
import { createRecord, type Transaction } from './nested-write.js';
import { newId } from './new-id.js';

type Input = Record<string, unknown>;
/** `written` and `sent`: what the event wrote, which its response may show (writes/write-trace.ts). */
export type IngestOutcome = ({ id: string; stored: boolean } & Pick<WriteTrace, 'written' | 'sent'>) | { error: GraphQLError };

/** One event to ingest: its input, its name in error messages, and whether its caller may change stored records. */
export interface IngestItem {
  input: Input;
  path: string;
  mayUpdateExisting: boolean;
}

const { WebEvent, Account, Consumer } = entities;

/** The most web events one batch (createWebEvents, POST /api/webevents/batch) may carry. */
export const maxEventsPerBatch = 500;

const only = (value: unknown, keys: string[]) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).every((key) => keys.includes(key));
const isConnect = (ref: unknown) => only(ref, ['connect']) && typeof (ref as Input).connect === 'string';
const upsertOf = (ref: unknown) => (only(ref, ['upsert']) ? ((ref as Input).upsert as Input) : undefined);

/** Whether an event has the shape the set-wise path writes. */
function isCommonShape(input: Input): boolean {
  const account = input.account;
  if (account === undefined || account === null || isConnect(account)) return true;
  const upsert = upsertOf(account);
  if (!upsert || !only(upsert, ['id', 'anonymousIds', 'consumer', 'lead'])) return false;
  if (upsert.lead !== undefined && upsert.lead !== null && !isConnect(upsert.lead)) return false;
  const consumer = upsert.consumer;
  if (consumer === undefined || consumer === null || isConnect(consumer)) return true;
  const consumerUpsert = upsertOf(consumer);
  return !!consumerUpsert && only(consumerUpsert, Object.keys(Consumer.scalars));
}

async function existingKeys(tx: Transaction, entity: EntityDescription, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "${entity.name}" WHERE "id" = ANY($1::text[])`, [...new Set(ids)]);
  return new Set(rows.map((row) => row.id));
}

/** Rows planned for one table in this batch, merged by key; `mode` is that of the first mention. */
class PlannedRows {
  readonly rows = new Map<string, { mode: WriteMode; data: Input }>();
  constructor(private readonly existing: Set<string>) {}

  modeOf(id: string): WriteMode {
    return this.existing.has(id) || this.rows.has(id) ? 'update' : 'create';
  }

  add(id: string, data: Input) {
    const planned = this.rows.get(id);
    if (planned) Object.assign(planned.data, data);
    else this.rows.set(id, { mode: this.modeOf(id), data: { ...data, id } });
  }

  async write(tx: Transaction, entity: EntityDescription) {
    const rows = [...this.rows.values()];
    const created = rows.filter((row) => row.mode === 'create').map((row) => row.data);
    const updated = rows.filter((row) => row.mode === 'update').map((row) => row.data);
    if (created.length) await bulkInsert(tx, entity, created, 'update');
    if (updated.length) await bulkUpdate(tx, entity, updated);
  }
}

async function ingestSetWise(items: IngestItem[]): Promise<IngestOutcome[]> {
  const inputs = items.map((item) => structuredClone(item.input));
  return prisma.$transaction(async (tx) => {
    const eventIds = inputs.map((input) => (typeof input.id === 'string' ? input.id : newId(WebEvent.idPrefix!)));
    const accountUpserts = inputs.map((input) => upsertOf(input.account));
    for (const upsert of accountUpserts) if (upsert && typeof upsert.id !== 'string') upsert.id = newId(Account.idPrefix!);
    const consumerUpserts = accountUpserts.map((account) => upsertOf(account?.consumer));
    for (const upsert of consumerUpserts) if (upsert && typeof upsert.id !== 'string') upsert.id = newId(Consumer.idPrefix!);

    const [storedEvents, storedAccounts, storedConsumers] = await Promise.all([
      existingKeys(tx, WebEvent, eventIds),
      existingKeys(tx, Account, accountUpserts.flatMap((upsert) => (upsert ? [upsert.id as string] : []))),
      existingKeys(tx, Consumer, consumerUpserts.flatMap((upsert) => (upsert ? [upsert.id as string] : []))),
    ]);
    const accounts = new PlannedRows(storedAccounts);
    const consumers = new PlannedRows(storedConsumers);
    const events: Input[] = [];
    const seen = new Set<string>();

    const outcomes = inputs.map((input, index): IngestOutcome => {
      const id = eventIds[index];
      const trace = newWriteTrace(items[index].mayUpdateExisting);
      // A repeat writes nothing, so it echoes nothing: what it sends is not what is stored.
      if (storedEvents.has(id) || seen.has(id)) return { id, stored: false, written: trace.written, sent: trace.sent };
      const path = items[index].path;
      const problems: Problem[] = [];
      for (const [where, ref] of [
        ['account', input.account],
        ['account.upsert.consumer', accountUpserts[index]?.consumer],
        ['account.upsert.lead', accountUpserts[index]?.lead],
      ] as const) {
        const message = isConnect(ref) ? keyProblem((ref as Input).connect) : undefined;
        if (message) problems.push({ field: `${path}.${where}.connect`, message });
      }
      const event: Input = { ...validateScalars(WebEvent, { ...input, id }, 'create', path, problems), id };
      const account = accountUpserts[index];
      const consumer = consumerUpserts[index];
      let accountRow: Input | undefined;
      let consumerRow: Input | undefined;
      if (input.account === null) event.accountId = null;
      else if (isConnect(input.account)) event.accountId = (input.account as Input).connect;
      else if (account) {
        const accountPath = `${path}.account.upsert`;
        accountRow = validateScalars(Account, account, accounts.modeOf(account.id as string), accountPath, problems);
        event.accountId = account.id;
        if (account.lead !== undefined) accountRow.leadId = account.lead === null ? null : (account.lead as Input).connect;
        if (account.consumer === null) accountRow.consumerId = null;
        else if (isConnect(account.consumer)) accountRow.consumerId = (account.consumer as Input).connect;
        else if (consumer) {
          consumerRow = validateScalars(Consumer, consumer, consumers.modeOf(consumer.id as string), `${accountPath}.consumer.upsert`, problems);
          accountRow.consumerId = consumer.id;
        }
      }
      if (problems.length) return { error: new InputError(problems) };
      // Public ingest connects to records that exist and changes nothing in them.
      const writes = (rows: PlannedRows, key: string) => trace.mayUpdateExisting || rows.modeOf(key) === 'create';
      if (consumerRow && writes(consumers, consumer!.id as string)) {
        consumers.add(consumer!.id as string, consumerRow);
        noteSent(trace.sent, Consumer, consumer!.id as string, consumer!);
        trace.written.add(recordId(Consumer.name, consumer!.id as string));
      }
      if (accountRow && writes(accounts, account!.id as string)) {
        accounts.add(account!.id as string, accountRow);
        trace.written.add(recordId(Account.name, account!.id as string));
      }
      trace.written.add(recordId(WebEvent.name, id));
      events.push(event);
      seen.add(id);
      return { id, stored: true, written: trace.written, sent: trace.sent };
    });

    // The events first: one that a concurrent request stored after the reads above makes this
    // plan stale (its account and consumer must not be written), so the batch is rolled back and
    // every event goes through the general path, which answers it as a repeat.
    if (events.length) {
      const inserted = await bulkInsert(tx, WebEvent, events, 'ignore');
      if (inserted.size !== events.length) throw new StalePlan();
    }
    await consumers.write(tx, Consumer);
    await accounts.write(tx, Account);
    return outcomes;
  });
}

class StalePlan extends Error {}

/** One event through the general nested write, in its own transaction. */
async function ingestOne({ input, path, mayUpdateExisting }: IngestItem): Promise<IngestOutcome> {
  const trace = newWriteTrace(mayUpdateExisting);
  try {
    const { id } = await prisma.$transaction((tx) => createRecord(tx, WebEvent, input, trace, path));
    return { id, stored: true, written: trace.written, sent: trace.sent };
  } catch (error) {
    // The event is stored already (now, or by a concurrent request): a repeat, echoing nothing.
    const repeat = error instanceof ConflictError || (error as { code?: string }).code === 'P2002';
    if (repeat && typeof input.id === 'string') return { id: input.id, stored: false, written: new Set(), sent: new Map() };
    if ((error as GraphQLError).extensions?.code) return { error: error as GraphQLError };
    const known = knownDatabaseError(error);
    if (known) return { error: known };
    // Anything else fails this event only; the log gets the error without its message (values).
    logger.error(error);
    return { error: unexpectedError() };
  }
}

/** Ingests web events; one outcome per item, in order. */
export async function ingestWebEvents(items: IngestItem[]): Promise<IngestOutcome[]> {
  const outcomes: IngestOutcome[] = new Array(items.length);
  const common = items.flatMap((item, index) => (isCommonShape(item.input) ? [index] : []));
  const commonSet = new Set(common);
  if (common.length) {
    try {
      const written = await ingestSetWise(common.map((index) => items[index]));
      common.forEach((index, position) => (outcomes[index] = written[position]));
    } catch (error) {
      // Something only the database could refuse, or a plan made stale by a concurrent request:
      // each event again on its own, so one bad event does not cost the others.
      if (!(error instanceof StalePlan)) logger.warn('set-wise ingest failed; writing the events one by one', error);
      commonSet.clear();
    }
  }
  for (const [index, item] of items.entries()) {
    if (!commonSet.has(index)) outcomes[index] = await ingestOne(item);
  }
  return outcomes;
}
