// Bulk mutations, as Payload's bulk update and delete: `update<Plural>(where, input, limit)` and
// `delete<Plural>(where, limit)` change every record the filter matches, in one transaction. Each
// record is its own write (the write core's rules apply to each, writes/policy.ts); one that fails
// is listed in `errors` with its key, and the others are written. A filter that matches more than
// `limit` records writes none: a bulk change never stops part-way through what it was asked.
import { builder, type AnyPrismaRef, type ArgsBuilder } from '../builder.js';
import { prisma } from '../db.js';
import type { Context } from '../context.js';
import { ForbiddenError, InputError } from '../errors.js';
import type { EntityDescription } from '../model/entity.js';
import { keyOf, keySelect, whereUnique, type Key } from '../model/keys.js';
import { deleteEach, type DeleteOutcome } from '../writes/delete-each.js';
import { mayReadStored } from '../writes/policy.js';
import { maxRecordsPerRequest, writeAll } from '../writes/write.js';
import { manageScopes } from './object-fields.js';
import { answeredWithoutReading } from './write-answers.js';
import type { filterInput } from './filters.js';
import type { inputsOf } from './inputs.js';

type Row = Record<string, unknown>;
type Delegate = { findMany(args: object): Promise<Row[]> };
const delegateOf = (entity: EntityDescription) => (prisma as unknown as Record<string, Delegate>)[entity.delegate];

interface BulkError {
  key: string[];
  code: string;
  message: string;
  field?: string | null;
}

const BulkErrorRef = builder.objectRef<BulkError>('BulkWriteError').implement({
  description: 'A record of a bulk change that was not written, and why',
  fields: (t) => ({
    key: t.exposeStringList('key', { description: 'Its key, in the order of the type key fields' }),
    code: t.exposeString('code', { description: 'The error code, as in extensions.code' }),
    message: t.exposeString('message'),
    field: t.exposeString('field', { nullable: true, description: 'The input field at fault, when one is' }),
  }),
});

interface BulkSource {
  /** The written records, in key order, read with the answer's selection. */
  docs: (query: object) => Promise<Row[]>;
  errors: () => Promise<BulkError[]>;
}

/**
 * The keys of the records `where` matches, in key order; refused when there are more than `limit`.
 * Choosing records by a filter reads them (the answer tells which matched), so it needs `read` as
 * well as the mutation's `write`.
 */
async function matchedKeys(context: Context, entity: EntityDescription, where: object, limit: number): Promise<Key[]> {
  if (!mayReadStored(context.writer)) throw new ForbiddenError('read, to choose records by a filter');
  if (!(limit >= 1 && limit <= maxRecordsPerRequest)) throw new InputError([{ field: 'limit', message: `must be from 1 to ${maxRecordsPerRequest}` }]);
  const orderBy = entity.key.map((field) => ({ [field]: 'asc' }));
  const rows = await delegateOf(entity).findMany({ where, select: keySelect(entity), orderBy, take: limit + 1 });
  if (rows.length > limit) {
    throw new InputError([{ field: 'where', message: `matches more than limit (${limit}) records: nothing was written` }]);
  }
  return rows.map((row) => keyOf(entity, row));
}

const errorOf = (entity: EntityDescription, key: Key, error: { message: string; extensions: Record<string, unknown> }): BulkError => ({
  key: entity.key.map((field) => key[field]),
  code: String(error.extensions.code),
  message: error.message,
  field: (error.extensions.field as string | undefined) ?? null,
});

/** Reads the written records with plugin-prisma's query, in key order. */
const readWritten = (entity: EntityDescription, keys: Key[]) => async (query: object) => {
  if (keys.length === 0) {
    answeredWithoutReading(query);
    return [];
  }
  const orderBy = entity.key.map((field) => ({ [field]: 'asc' }));
  return delegateOf(entity).findMany({ ...query, where: { OR: keys.map((key) => whereUnique(entity, key)) }, orderBy });
};

export function registerBulk(
  entity: EntityDescription,
  ref: AnyPrismaRef,
  Filter: ReturnType<typeof filterInput>,
  UpdateInput: ReturnType<typeof inputsOf>['update'],
  listWhere: (context: Context, filter: unknown) => object,
) {
  const Result = builder.objectRef<BulkSource>(`${entity.name}BulkResult`).implement({
    description: `The ${entity.name}s a bulk change wrote, and those it could not`,
    fields: (t) => ({
      docs: t.prismaField({ type: [ref], resolve: (query, source) => source.docs(query) }),
      errors: t.field({ type: [BulkErrorRef], resolve: (source) => source.errors() }),
    }),
  });
  const args = (t: ArgsBuilder) => ({
    where: t.arg({ type: Filter, required: true, description: 'The records to change' }),
    limit: t.arg({
      type: 'Int',
      required: true,
      description: `The most records it may change (up to ${maxRecordsPerRequest}); a filter that matches more changes none`,
    }),
  });

  builder.mutationField(`update${entity.plural[0].toUpperCase()}${entity.plural.slice(1)}`, (t) =>
    t.field({
      type: Result,
      nullable: true,
      description: `Changes the fields given of every ${entity.name} the filter matches, in one transaction`,
      ...manageScopes(entity),
      args: { ...args(t), input: t.arg({ type: UpdateInput, required: true }) },
      resolve: async (_root, values: Record<string, unknown>, context: Context) => {
        const keys = await matchedKeys(context, entity, listWhere(context, values.where), values.limit as number);
        const input = values.input as Row;
        const outcomes = await writeAll(
          keys.map((key) => ({ entity, input, intent: 'update' as const, key, path: 'input', writer: context.writer, budget: context.budget })),
        );
        const written: Key[] = [];
        const errors: BulkError[] = [];
        outcomes.forEach((outcome, index) => {
          if (outcome.status === 'failed') errors.push(errorOf(entity, keys[index], outcome.error));
          else written.push(keys[index]);
        });
        const docs = readWritten(entity, written);
        return { docs, errors: async () => errors };
      },
    }),
  );

  builder.mutationField(`delete${entity.plural[0].toUpperCase()}${entity.plural.slice(1)}`, (t) =>
    t.field({
      type: Result,
      nullable: true,
      description: `Deletes every ${entity.name} the filter matches, in one transaction, and returns them as they were`,
      ...manageScopes(entity),
      args: args(t),
      resolve: async (_root, values: Record<string, unknown>, context: Context) => {
        const keys = await matchedKeys(context, entity, listWhere(context, values.where), values.limit as number);
        // A deleted row answers with what its DELETE returned, so the deletes wait for the answer's
        // selection (plugin-prisma's query, with the relations it asks for): they run when `docs`
        // resolves, or with the key alone when only `errors` is asked for. graphql-js calls the
        // resolvers of one object in the same tick, so `errors` waits one turn for `docs` to start.
        let outcomes: Promise<DeleteOutcome[]> | undefined;
        const run = (query: object) => (outcomes ??= deleteEach(entity, keys, query, context.writer));
        return {
          docs: async (query: object) => (await run(query)).flatMap((outcome) => (outcome.status === 'deleted' ? [outcome.row] : [])),
          errors: async () => {
            await new Promise((resolve) => setImmediate(resolve));
            const done = await run({ select: keySelect(entity) });
            return done.flatMap((outcome) => (outcome.status === 'failed' ? [errorOf(entity, outcome.key, outcome.error)] : []));
          },
        };
      },
    }),
  );
}
