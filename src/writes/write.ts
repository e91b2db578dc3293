// The write core's entry: every write (GraphQL and REST creates and updates, web-event ingest one
// at a time or in batches) comes here. Limits first, before any work; then: read what the inputs
// name, plan, and execute in one transaction. When the database shows that a plan was stale (a
// concurrent writer created, changed or removed a record it named), the transaction is rolled back
// and the writes are planned again from what exists now, so the outcome is one that running the
// writes one after another could have had.
import { GraphQLError } from 'graphql';
import { prisma } from '../db.js';
import { ConflictError, InputError, unexpectedError } from '../errors.js';
import { log } from '../logger.js';
import { isForeignKeyViolation, isUniqueViolation, knownDatabaseError } from '../mask-error.js';
import { changesOf, committed } from './changes.js';
import { StalePlan, checkedAsWritten, createsOnly, executeAsOneStatement, executePlans } from './execute.js';
import { outboxEvents } from './outbox.js';
import { consumersMatched, KeysNamed, storedByUniqueKey, storedEvents, type Existing } from './existence.js';
import { eventRules, noEventRules } from './event-rules.js';
import { connectsNothing, countRecords, identifiersSet, matchesIn, relationsGiven, walkInput } from './input.js';
import { eachNode, planWrites, referencesOnly, type PlanNode, type PlanRequest } from './plan.js';
import { writerOf, type Writer } from './policy.js';
import type { Returned, Stamps, Transaction } from './sql.js';
import type { EntityName } from '../model/entity.js';
import { recordId, type Key } from '../model/keys.js';
import { keyFieldProblem } from '../model/validate.js';
import { uniqueIdentifiersIn } from '../model/identifiers.js';

/** The most records (inputs and the objects nested in them) one HTTP request may write. */
export const maxRecordsPerRequest = 2_000;

/** How many times a write is planned again after finding its plan stale, before giving up. */
const maxAttempts = 5;

/** The records an HTTP request may still write (each of its mutations takes from it). */
export class RecordBudget {
  private left = maxRecordsPerRequest;

  /** Takes `count` records, or says why not. */
  take(count: number): boolean {
    if (count > this.left) return false;
    this.left -= count;
    return true;
  }
}

export interface WriteRequest extends PlanRequest {
  budget: RecordBudget;
}

export type WriteOutcome =
  | { status: 'written'; plan: PlanNode; stamps: Map<string, Stamps> }
  /** A web event whose id is stored already: nothing was written. */
  | { status: 'repeat'; key: Key }
  | { status: 'failed'; error: GraphQLError };

/**
 * Whether the plans write one record and no list, whose outcome is known before it is written: one
 * INSERT or UPDATE (writes/execute.ts).
 */
function oneStatement(plans: PlanNode[]): boolean {
  if (plans.some(checkedAsWritten)) return false;
  let written = 0;
  let lists = 0;
  let guarded = false;
  for (const plan of plans)
    eachNode(plan, (node) => {
      if (node.intent !== 'reference') written += 1;
      lists += node.lists.size;
      guarded ||= node.guard !== undefined;
    });
  // A guarded create holds a lock for its transaction (writes/execute.ts): it needs one.
  return written === 1 && lists === 0 && !guarded;
}

/**
 * Prisma's defaults (2 s to get a connection, 5 s to finish), except for writes that create a
 * record by identifier: those wait, holding their connection, for the writer creating the same
 * identifier (writes/execute.ts), so concurrent adds of one new email queue behind each other.
 */
function transactionOptions(plans: PlanNode[]): { maxWait?: number; timeout?: number } | undefined {
  let guarded = false;
  for (const plan of plans) eachNode(plan, (node) => (guarded ||= node.guard !== undefined));
  return guarded ? { maxWait: 15_000, timeout: 15_000 } : undefined;
}

/** The ids of the records the requests name that exist (one statement). */
function existing(requests: WriteRequest[]): Promise<Existing> {
  const named = new KeysNamed();
  for (const request of requests) {
    walkInput(request.entity, request.input, (entity, key) => named.add(entity, key));
    if (request.key) named.add(request.entity, request.key);
  }
  return named.existing(prisma);
}

/**
 * Whether the first plan of these requests takes none of the records they name to exist, which
 * costs no statement: creates (and ingests) that name no record but those they give whole
 * (input.ts connectsNothing), as a web event with its new account and consumer does. A record that
 * does exist is found by the write itself (its INSERT writes nothing: the plan is stale), and the
 * next plan is made from what exists; so is the plan of a request refused under the assumption
 * (an object that updates or refers to a record that exists need not give what a create requires).
 */
const assumesNothingExists = (requests: WriteRequest[]) =>
  requests.length > 0 && requests.every((request) => request.intent !== 'update' && !request.addedBy && connectsNothing(request.entity, request.input));

const nothingExists = (): Existing => ({ ids: new Set(), trashed: new Set() });

/**
 * What the first plan assumes exists. An update that names no record but its own is planned as if
 * that record exists, without asking: its UPDATE must find the row (writes/execute.ts), and when
 * it finds none the plan is stale and the next attempt asks the database.
 */
function existingAtFirst(requests: WriteRequest[]): Promise<Existing> | Existing {
  const [request] = requests;
  if (requests.length !== 1 || request.intent !== 'update' || !request.key) return existing(requests);
  const namesOthers = relationsGiven(request.entity, request.input).length > 0 || request.entity.key.some((field) => request.input[field] !== undefined);
  // A key that cannot be one (NUL) is asked about too: the existence check leaves it out, so the update is a 404.
  const couldBeKey = request.entity.key.every((field) => !keyFieldProblem(request.entity, field, request.key![field]));
  return namesOthers || !couldBeKey ? existing(requests) : { ids: new Set([recordId(request.entity, request.key)]), trashed: new Set() };
}

/**
 * Whether a plan writes what a unique index keeps to one record besides its key: a consumer's email
 * or external id (model/identifiers.ts), or the unique key of an updated web event (its definition's).
 */
function setsUniqueIdentifier(plans: PlanNode[]): boolean {
  let sets = false;
  for (const plan of plans)
    eachNode(plan, (node) => {
      sets ||=
        (node.entity.matchByIdentifier === true && uniqueIdentifiersIn(node.values).length > 0) || (node.intent === 'update' && node.uniqueKey !== undefined);
    });
  return sets;
}

/**
 * Whether the database showed the plans stale: a record they named changed, or (an update of a
 * consumer meeting the unique index) an identifier they set was taken meanwhile; planned again,
 * the planner finds who holds it and answers 409.
 */
const isStale = (error: unknown, plans: PlanNode[]) =>
  error instanceof StalePlan || isForeignKeyViolation(error) || (isUniqueViolation(error) && setsUniqueIdentifier(plans));

function overBudget(request: WriteRequest): WriteOutcome | undefined {
  if (request.budget.take(countRecords(request.entity, request.input))) return undefined;
  const message = `one request may write at most ${maxRecordsPerRequest} records, nested ones included`;
  return { status: 'failed', error: new InputError([{ field: request.path, message }]) };
}

/**
 * Writes the requests together, in one transaction (with `afterWrite`, in it too). A request that
 * cannot be planned fails alone; a failure of the database fails them all (the error is thrown).
 * The records written of `returned.entity` come back with `returned.columns` in `stamps`.
 */
async function writeTogether(
  requests: WriteRequest[],
  afterWrite?: (tx: Transaction, outcomes: WriteOutcome[]) => Promise<void>,
  returned?: { entity: EntityName; columns: string[] },
): Promise<WriteOutcome[]> {
  const outcomes: (WriteOutcome | undefined)[] = requests.map(overBudget);
  const pending = requests.flatMap((request, index) => (outcomes[index] ? [] : [{ request, index }]));
  const pendingRequests = pending.map(({ request }) => request);
  let storedUnique: ReadonlyMap<string, Key> = new Map();
  // Set once writing the plans together found one of them refused as written: then each is written alone.
  let eachAlone = false;
  for (let attempt = 1; ; attempt += 1) {
    const assumed = attempt === 1 && assumesNothingExists(pendingRequests);
    const facts = {
      existing: assumed ? nothingExists() : attempt === 1 ? await existingAtFirst(pendingRequests) : await existing(pendingRequests),
      eventRules: pendingRequests.some((request) => request.entity.name === 'WebEvent') ? await eventRules() : noEventRules,
      storedUnique,
      storedEvents: await storedEvents(
        pendingRequests.flatMap((request) => (request.entity.name === 'WebEvent' && request.intent === 'update' && request.key ? [request.key] : [])),
      ),
      // Who holds the identifiers the requests match by, and, once a plan met a unique index, those
      // they set (held by one consumer: plan.ts). Not before: the unique indexes refuse a taken
      // identifier at no cost (the insert writes nothing, the update fails, the plan is stale), so a
      // write that takes a free one, nearly every write, costs no statement for the rule.
      matched: await consumersMatched(
        pendingRequests.flatMap((request) => [
          ...matchesIn(request.entity, request.input),
          ...(attempt > 1 ? identifiersSet(request.entity, request.input) : []),
          ...(request.addedBy ? [request.addedBy] : []),
        ]),
      ),
    };
    let planned = planWrites(pendingRequests, facts);
    if (assumed && planned.some((result) => 'error' in result)) planned = planWrites(pendingRequests, { ...facts, existing: await existing(pendingRequests) });
    const plans = planned.flatMap((result) => ('plan' in result ? [result.plan] : []));
    // Told to subscribers once committed; stored as webhook events by the write's first statement
    // (writes/outbox.ts), so the outbox commits with the write and costs no statement of its own.
    const changes = changesOf(plans);
    // The requests written together come from one caller (one HTTP request).
    const writer = pendingRequests[0]?.writer ?? writerOf(null);
    try {
      const stamps = new Map<string, Returned>();
      let refused = new Map<PlanNode, InputError>();
      const finish = () => {
        planned.forEach((result, position) => {
          const refusal = 'plan' in result ? refused.get(result.plan) : undefined;
          outcomes[pending[position].index] = refusal
            ? { status: 'failed', error: refusal }
            : 'plan' in result
              ? { status: 'written', plan: result.plan, stamps }
              : 'repeat' in result
                ? { status: 'repeat', key: result.repeat }
                : { status: 'failed', error: result.error };
        });
        return outcomes as WriteOutcome[];
      };
      if (plans.length === 0) return finish();
      // Updates that give nothing (`{}`) are references: no statement, no trail, no change to tell.
      if (plans.every(referencesOnly)) {
        // No statement finds the record missing or in the trash here, as an UPDATE would: the first
        // plan took a lone update's record for live (existingAtFirst); planned again from what exists.
        if (attempt === 1) continue;
        await afterWrite?.(prisma, finish());
        return finish();
      }
      const single = oneStatement(plans);
      if (single || (!returned && !eachAlone && createsOnly(plans))) {
        // Atomic on its own: no transaction, and so two statements (BEGIN, COMMIT) and a held
        // connection fewer; plans that only create records, of one table or several, are one
        // statement whatever their number (execute.ts executeAsOneStatement). `afterWrite` reads
        // what was just committed; should that read fail, the caller learns of a failure after
        // the write, as when a COMMIT's answer is lost.
        const events = outboxEvents(changes);
        const written = single ? await executePlans(prisma, plans, writer, returned, events) : await executeAsOneStatement(prisma, plans, writer, events);
        for (const [id, stamp] of written) stamps.set(id, stamp);
        committed(changes);
        await afterWrite?.(prisma, finish());
        return finish();
      }
      await prisma.$transaction(async (tx) => {
        if (eachAlone) refused = await executeEachAlone(tx, plans, writer, stamps, returned);
        else for (const [id, stamp] of await executePlans(tx, plans, writer, returned, outboxEvents(changes))) stamps.set(id, stamp);
        await afterWrite?.(tx, finish());
      }, transactionOptions(plans));
      committed(refused.size === 0 ? changes : changesOf(plans.filter((plan) => !refused.has(plan))));
      return finish();
    } catch (error) {
      if (error instanceof InputError && plans.length > 1 && !eachAlone) {
        eachAlone = true;
        continue;
      }
      if (!isStale(error, plans)) throw error;
      // A web event unique by its definition may be what another writer stored meanwhile.
      storedUnique = await storedByUniqueKey(plans);
      if (attempt === maxAttempts) {
        // Contention this heavy on the same records: tell the caller to try again, with nothing written.
        const conflict = new ConflictError('input', 'the records it names were changed by other requests while it was written; try again');
        for (const { index } of pending) outcomes[index] = { status: 'failed', error: conflict };
        return outcomes as WriteOutcome[];
      }
    }
  }
}

/**
 * Writes each plan under a savepoint of its own, so that one the write itself refuses as bad input
 * (a lead's status move, checked against the status the row has as it is written: writes/trail.ts
 * checkMoves) is undone alone and the others stay. Resolves with the refused plans.
 */
async function executeEachAlone(
  tx: Transaction,
  plans: PlanNode[],
  writer: Writer,
  stamps: Map<string, Returned>,
  returned?: { entity: EntityName; columns: string[] },
): Promise<Map<PlanNode, InputError>> {
  const refused = new Map<PlanNode, InputError>();
  for (const plan of plans) {
    await tx.$executeRawUnsafe('SAVEPOINT write_alone');
    try {
      for (const [id, stamp] of await executePlans(tx, [plan], writer, returned, outboxEvents(changesOf([plan])))) stamps.set(id, stamp);
      await tx.$executeRawUnsafe('RELEASE SAVEPOINT write_alone');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      await tx.$executeRawUnsafe('ROLLBACK TO SAVEPOINT write_alone');
      refused.set(plan, error);
    }
  }
  return refused;
}

/** What a caller sees of a database error: a stable code, or, for a real bug, a masked 500 (logged). */
function failure(error: unknown): WriteOutcome {
  if (error instanceof GraphQLError && error.extensions?.code) return { status: 'failed', error };
  const known = knownDatabaseError(error);
  if (known) return { status: 'failed', error: known };
  log.error({ err: error }, 'a write failed unexpectedly');
  return { status: 'failed', error: unexpectedError() };
}

/**
 * Writes many requests (a batch of web events), sharing one transaction while they can: when the
 * database refuses the shared write for a reason other than being unavailable, each request is
 * written on its own, so one bad request does not cost the others. Never throws.
 */
export async function writeEach(requests: WriteRequest[]): Promise<WriteOutcome[]> {
  try {
    return await writeTogether(requests);
  } catch (error) {
    const outcome = failure(error);
    if (requests.length === 1 || (outcome.status === 'failed' && outcome.error.extensions.code === 'SERVICE_UNAVAILABLE')) {
      return requests.map(() => outcome);
    }
    log.warn({ err: error, requests: requests.length }, 'a shared write failed; writing its requests one by one');
    const outcomes: WriteOutcome[] = [];
    for (const request of requests) outcomes.push(...(await writeEach([request])));
    return outcomes;
  }
}

/**
 * Writes the requests in one transaction (a bulk update): one that cannot be planned (bad input, a
 * record it may not change, a key that is gone) or that its write refuses (a lead's status move)
 * fails alone and the others are written; a failure of the database fails them all (thrown).
 */
export function writeAll(requests: WriteRequest[]): Promise<WriteOutcome[]> {
  return writeTogether(requests);
}

/** How a write's answer gets the stored record, for callers who may read. */
export interface ReadBack {
  /** When the answer wants columns of the written record only: these, returned by the write itself. */
  columns?: string[];
  /** Otherwise: reads the record, in the write's transaction (after it, for a write of one statement). */
  read: (tx: Transaction, key: Key) => Promise<unknown>;
}

/**
 * Writes one request and gets the stored record as `readBack` says. Throws what the caller should
 * see when the write fails.
 */
export async function writeOne(
  request: WriteRequest,
  readBack?: ReadBack,
): Promise<{ outcome: Extract<WriteOutcome, { status: 'written' | 'repeat' }>; readBack?: unknown }> {
  let value: unknown;
  const columns = readBack?.columns;
  const returned = columns && { entity: request.entity.name, columns };
  const [outcome] = await writeTogether(
    [request],
    async (tx, [written]) => {
      if (!readBack || written.status !== 'written') return;
      const key = written.plan.newKey ?? written.plan.key;
      // An update that gave nothing wrote no row, so returned none: it is read.
      const stamped = columns ? written.stamps.get(recordId(request.entity, key)) : undefined;
      value = stamped ?? (await readBack.read(tx, key));
    },
    returned,
  );
  if (outcome.status === 'failed') throw outcome.error;
  return { outcome, readBack: value };
}
