// The queries and mutations every entity has, registered from its description: a lookup by key, a
// Relay connection (keyset-paged) and numbered pages, both with filters and ordering, and create /
// update / delete. Root fields spread the plugin-prisma `query`, so nested selections fold into the
// same database query.
import type { ArgumentRef } from '@pothos/core';
import { builder, type AnyArg, type AnyPrismaRef, type ArgsBuilder, type BuilderTypes } from '../builder.js';
import { prisma, reader } from '../db.js';
import type { EntityDescription } from '../model/entity.js';
import { whereUnique, type Key } from '../model/keys.js';
import { keyOnly } from '../writes/answer.js';
import type { RootIntent } from '../writes/plan.js';
import { mayReadStored } from '../writes/policy.js';
import type { Transaction } from '../writes/sql.js';
import { assignedColumns } from '../writes/assignment.js';
import { removeOne, type Removal } from '../writes/delete.js';
import { writeOne, type WriteOutcome, type WriteRequest } from '../writes/write.js';
import { assertMayFilter } from '../auth/personal-data.js';
import type { Context } from '../context.js';
import { InputError } from '../errors.js';
import { config } from '../config.js';
import { answerWrite, columnsOnly } from './write-answers.js';
import { registerBulk } from './bulk.js';
import { filterLimitProblem } from './filter-limits.js';
import { filterInput, orderByFromInput, orderInputs, whereFromFilter } from './filters.js';
import { inputsOf } from './inputs.js';
import { manageScopes } from './object-fields.js';
import { keysetConnection } from './keyset-connection.js';
import { aggregateFields } from './aggregates/fields.js';
import { selectedFields } from './selected-fields.js';

/** The fields of a connection that need its page of rows; a selection of only totals and aggregates reads none. */
const pageFields = new Set(['edges', 'nodes', 'pageInfo']);

// A model's Prisma delegate, as these registrations use it: a record is its values by field name.
type Row = Record<string, unknown>;
type Delegate = {
  findUnique(args: object): Promise<Row | null>;
  findUniqueOrThrow(args: object): Promise<Row>;
  findMany(args: object): Promise<Row[]>;
  count(args: object): Promise<number>;
};

const delegateOf = (client: Transaction, entity: EntityDescription) => (client as unknown as Record<string, Delegate>)[entity.delegate];

function keyArgs(t: ArgsBuilder, entity: EntityDescription): Record<string, AnyArg> {
  return Object.fromEntries(entity.key.map((field) => [field, t.arg.string({ required: true, description: `The ${entity.name}'s ${field}` })]));
}

function keyFromArgs(entity: EntityDescription, args: Record<string, unknown>): Key {
  return Object.fromEntries(entity.key.map((field) => [field, String(args[field])]));
}

/** What hides the records in the trash, unless `trash` asks for them too (writes/delete.ts). */
const outsideTrash = (entity: EntityDescription, trash: unknown) => (entity.trash && trash !== true ? { deletedAt: null } : {});

/** The `trash` argument of lookups and lists, for the entities that have a trash. */
function trashArgs(t: ArgsBuilder, entity: EntityDescription): { trash?: ArgumentRef<BuilderTypes, boolean | null | undefined> } {
  return entity.trash ? { trash: t.arg.boolean({ description: `true: ${entity.name}s in the trash too (deletedAt set)` }) } : {};
}

/** The Prisma where of a list's filter, once the filter keeps within its limits and the caller may use it (REST's export too). */
export function listWhere(
  context: Pick<Parameters<typeof assertMayFilter>[0], 'apiKey' | 'sent'>,
  entity: EntityDescription,
  filter: unknown,
  trash: unknown,
): Record<string, unknown> {
  const problem = filterLimitProblem(filter, 'filter');
  if (problem) throw new InputError([problem]);
  assertMayFilter(context, entity, filter);
  return { ...whereFromFilter(entity, filter as Record<string, unknown> | null | undefined), ...outsideTrash(entity, trash) };
}

export interface CrudOptions {
  /** Anyone may create one, without an API key (public web-event ingest, `security: []`). */
  publicCreate?: boolean;
  /** Writes a new record its own way (web events: batched with others, idempotent). */
  create?: (request: WriteRequest) => Promise<Extract<WriteOutcome, { status: 'written' | 'repeat' }>>;
}

/** A write of this request's, as the write core takes it. */
export function writeRequest(
  context: Pick<Context, 'writer' | 'budget' | 'receivedAt'>,
  entity: EntityDescription,
  intent: RootIntent,
  input: Record<string, unknown>,
  path = 'input',
  key?: Key,
): WriteRequest {
  return {
    entity,
    input,
    intent,
    key,
    path,
    writer: context.writer,
    budget: context.budget,
    receivedAt: context.receivedAt,
  };
}

/** The `forceAssignment` argument of the writes of an entity whose records get a rep (writes/assignment.ts). */
function forceArgs(t: ArgsBuilder, entity: EntityDescription): Record<string, AnyArg> {
  return assignedColumns(entity)
    ? {
        forceAssignment: t.arg.boolean({
          description: 'true: assign a sales rep given by hand even when it is not accepting new leads or is paused (otherwise 409)',
        }),
      }
    : {};
}

/**
 * What a create mutation does once its arguments are coerced (its resolver's whole body): the
 * record as the answer reads it, or null. plugins/use-compiled-mutations.ts calls it too, so an
 * answer built without the executor writes exactly as the resolver does. `query` is
 * plugin-prisma's selection of the answer.
 */
export interface EntityWrite {
  entity: EntityDescription;
  write: (query: object, args: Record<string, unknown>, context: Context) => Promise<unknown>;
}

/** The create mutations' writes, by mutation field name. */
export const createWrites = new Map<string, EntityWrite>();

export function registerEntityCrud(entity: EntityDescription, ref: AnyPrismaRef, options: CrudOptions = {}) {
  const Filter = filterInput(entity);
  const { Order, Sort } = orderInputs(entity);
  const inputs = inputsOf(entity.name);

  builder.queryField(entity.delegate, (t) =>
    t.prismaField({
      type: ref,
      nullable: true,
      description: `One ${entity.name} by its ${entity.key.join(' and ')}`,
      args: { ...keyArgs(t, entity), ...trashArgs(t, entity) },
      resolve: (query, _root, args: Record<string, unknown>) =>
        delegateOf(reader(), entity).findUnique({
          ...query,
          where: { ...whereUnique(entity, keyFromArgs(entity, args)), ...outsideTrash(entity, args.trash) },
        }),
    }),
  );

  builder.queryField(entity.plural, (t) =>
    t.connection(
      {
        type: ref,
        description: `${entity.name}s, a page at a time`,
        args: {
          filter: t.arg({ type: Filter }),
          orderBy: t.arg({ type: [Order] }),
          ...trashArgs(t, entity),
        },
        resolve: async (_root, args, context, info) => {
          const where = listWhere(context, entity, args.filter, args.trash);
          const page = await keysetConnection({
            entity,
            args,
            where,
            rowsWanted: selectedFields(info).some((field) => pageFields.has(field.name)),
            order: orderByFromInput(entity, args.orderBy),
            context,
            info,
            defaultSize: config.pageSize.default,
            maxSize: config.pageSize.max,
            findMany: (query) => delegateOf(reader(), entity).findMany(query),
            count: (where) => delegateOf(reader(), entity).count({ where }),
          });
          return { ...page, where };
        },
      },
      {
        description: `A page of ${entity.name}s`,
        fields: (connection) => ({
          totalCount: connection.int({
            description: 'How many records the filter matches, on every page',
            resolve: (page) => page.totalCount(),
          }),
          ...aggregateFields(connection, entity),
        }),
      },
    ),
  );

  registerPage(entity, ref, Filter, Sort);
  // Bulk writes take the records outside the trash only.
  registerBulk(entity, ref, Filter, inputs.update, (context, filter) => listWhere(context, entity, filter, false));

  // Mutation fields are nullable: in a request of several mutations, one that fails must not
  // null the answers of those that were written (a write acknowledged as failed gets retried).
  // A caller who may read gets the stored record: returned by the write's own statement when the
  // answer wants only its columns, otherwise read in the write's transaction (writes/write.ts).
  const readBack = (tx: Transaction, query: object, key: Key) => delegateOf(tx, entity).findUniqueOrThrow({ ...query, where: whereUnique(entity, key) });

  async function write(context: Context, query: object, request: WriteRequest) {
    if (options.create && request.intent !== 'update') {
      const outcome = await options.create(request);
      return answerWrite(context, entity, outcome, query, (key) => readBack(prisma, query, key));
    }
    const mayRead = mayReadStored(context.writer);
    const { outcome, readBack: stored } = await writeOne(
      request,
      mayRead ? { columns: columnsOnly(query), read: (tx, key) => readBack(tx, query, key) } : undefined,
    );
    return answerWrite(context, entity, outcome, query, () => stored);
  }

  const create = (query: object, args: Record<string, unknown>, context: Context) => {
    const request = writeRequest(context, entity, options.create ? 'ingest' : 'create', args.input as Record<string, unknown>);
    return write(context, query, { ...request, forceAssignment: args.forceAssignment === true });
  };
  createWrites.set(`create${entity.name}`, { entity, write: create });

  builder.mutationField(`create${entity.name}`, (t) =>
    t.prismaField({
      type: ref,
      nullable: true,
      description: `Creates a ${entity.name}; relations take the key of an existing record or a nested one to create or update`,
      ...(options.publicCreate && { skipTypeScopes: true, authScopes: () => true }),
      ...manageScopes(entity),
      args: { input: t.arg({ type: inputs.create, required: true }), ...forceArgs(t, entity) },
      resolve: (query, _root, args: Record<string, unknown>, context) => create(query, args, context),
    }),
  );

  builder.mutationField(`update${entity.name}`, (t) =>
    t.prismaField({
      type: ref,
      nullable: true,
      description: `Changes the fields given of a ${entity.name}`,
      ...manageScopes(entity),
      args: {
        ...keyArgs(t, entity),
        input: t.arg({ type: inputs.update, required: true }),
        ...forceArgs(t, entity),
      },
      resolve: (query, _root, args: Record<string, unknown>, context) => {
        const request = writeRequest(context, entity, 'update', args.input as Record<string, unknown>, 'input', keyFromArgs(entity, args));
        return write(context, query, { ...request, forceAssignment: args.forceAssignment === true });
      },
    }),
  );

  const removals: { removal: Removal; description: string; admin?: boolean }[] = entity.trash
    ? [
        { removal: 'delete', description: `Moves a ${entity.name} to the trash (restore${entity.name} brings it back) and returns it as it was` },
        { removal: 'restore', description: `Brings a ${entity.name} back from the trash` },
        { removal: 'purge', description: `Deletes a ${entity.name} in the trash for good (admin scope)`, admin: true },
      ]
    : [{ removal: 'delete', description: `Deletes a ${entity.name} and returns it as it was` }];
  for (const { removal, description, admin } of removals) {
    builder.mutationField(`${removal}${entity.name}`, (t) =>
      t.prismaField({
        type: ref,
        nullable: true,
        description: `${description} (to a caller without the read scope: its key)`,
        ...(admin ? { authScopes: { admin: true } } : manageScopes(entity)),
        args: keyArgs(t, entity),
        resolve: (query, _root, args: Record<string, unknown>, context) => {
          const key = keyFromArgs(entity, args);
          // Read before a delete or purge, after a restore (writes/delete.ts): only a purge reads one in the trash.
          const where = { ...whereUnique(entity, key), ...(entity.trash && { deletedAt: removal === 'purge' ? { not: null } : null }) };
          const mayRead = mayReadStored(context.writer);
          return removeOne(entity, key, removal, context.writer, async (tx) => {
            const found = await delegateOf(tx, entity).findUnique(mayRead ? { ...query, where } : { where, select: { createdAt: true } });
            return found && (mayRead ? found : keyOnly(entity, key));
          });
        },
      }),
    );
  }
}

/**
 * The last page number a numbered list serves: page x limit stays far below 2^31 (pagingCounter
 * is a GraphQL Int), and pages that deep are for connections, whose cursors cost nothing to follow.
 */
export const maxPageNumber = 1_000_000;

/** A numbered page's place in the list: page from 1, limit per page. */
export interface PageNumber {
  page: number;
  limit: number;
}

/** What a numbered page says of its place, from its number and the total (REST's compiled reads say the same). */
export const pageFacts = {
  totalPages: ({ limit }: PageNumber, total: number) => Math.ceil(total / limit),
  pagingCounter: ({ page, limit }: PageNumber) => (page - 1) * limit + 1,
  hasPrevPage: ({ page }: PageNumber) => page > 1,
  hasNextPage: ({ page, limit }: PageNumber, total: number) => page * limit < total,
  prevPage: ({ page }: PageNumber) => (page > 1 ? page - 1 : null),
  nextPage: ({ page, limit }: PageNumber, total: number) => (page * limit < total ? page + 1 : null),
};

interface PageSource extends PageNumber {
  where: Record<string, unknown>;
  orderBy: Record<string, 'asc' | 'desc'>[];
  totalDocs: () => Promise<number>;
}

/**
 * `<plural>Page`: a numbered page, as Payload's REST lists give it ({docs, totalDocs, page, ...}).
 * Connections are the better tool for walking a long list; this serves clients that think in pages.
 */
function registerPage(entity: EntityDescription, ref: AnyPrismaRef, Filter: ReturnType<typeof filterInput>, Sort: ReturnType<typeof orderInputs>['Sort']) {
  const Page = builder.objectRef<PageSource>(`${entity.name}Page`).implement({
    description: `A numbered page of ${entity.name}s`,
    fields: (t) => ({
      docs: t.prismaField({
        type: [ref],
        resolve: (query, page) =>
          delegateOf(reader(), entity).findMany({
            ...query,
            where: page.where,
            orderBy: page.orderBy,
            skip: (page.page - 1) * page.limit,
            take: page.limit,
          }),
      }),
      totalDocs: t.int({ resolve: (page) => page.totalDocs() }),
      limit: t.exposeInt('limit'),
      page: t.exposeInt('page'),
      totalPages: t.int({ resolve: async (page) => pageFacts.totalPages(page, await page.totalDocs()) }),
      pagingCounter: t.int({
        description: 'The position of the first doc of this page in the whole list, from 1',
        resolve: (page) => pageFacts.pagingCounter(page),
      }),
      hasPrevPage: t.boolean({ resolve: (page) => pageFacts.hasPrevPage(page) }),
      hasNextPage: t.boolean({ resolve: async (page) => pageFacts.hasNextPage(page, await page.totalDocs()) }),
      prevPage: t.int({ nullable: true, resolve: (page) => pageFacts.prevPage(page) }),
      nextPage: t.int({ nullable: true, resolve: async (page) => pageFacts.nextPage(page, await page.totalDocs()) }),
    }),
  });

  builder.queryField(`${entity.plural}Page`, (t) =>
    t.field({
      type: Page,
      description: `${entity.name}s by page number (limit per page, pages from 1)`,
      args: {
        filter: t.arg({ type: Filter }),
        orderBy: t.arg({ type: [Sort] }),
        limit: t.arg.int({ defaultValue: 10, required: true }),
        page: t.arg.int({ defaultValue: 1, required: true }),
        ...trashArgs(t, entity),
      },
      resolve: (_root, args, context) => {
        const where = listWhere(context, entity, args.filter, args.trash);
        const problems = [
          ...(args.limit < 1 || args.limit > config.pageSize.max ? [{ field: 'limit', message: `must be from 1 to ${config.pageSize.max}` }] : []),
          ...(args.page < 1 || args.page > maxPageNumber ? [{ field: 'page', message: `must be from 1 to ${maxPageNumber}` }] : []),
        ];
        if (problems.length) throw new InputError(problems);
        let total: Promise<number> | undefined;
        return {
          where,
          orderBy: orderByFromInput(entity, args.orderBy),
          limit: args.limit,
          page: args.page,
          totalDocs: () => (total ??= delegateOf(reader(), entity).count({ where })),
        };
      },
    }),
  );
}
