// The GraphQL operations REST calls are translated into, one per (action, collection, depth),
// parsed once and kept.
import { assignedColumns } from '../writes/assignment.js';
import { parse, type DocumentNode } from 'graphql';
import type { RootType } from '../auth/scopes.js';
import type { EntityDescription } from '../model/entity.js';
import type { Action } from './collections.js';
import { selectionFor } from './selection.js';

/** The root type each action runs as, and so the scope its API key needs (auth/scopes.ts). */
export const rootTypeOfAction: Record<Action, RootType> = {
  list: 'query',
  count: 'query',
  aggregate: 'query',
  read: 'query',
  create: 'mutation',
  update: 'mutation',
  delete: 'mutation',
  updateMany: 'mutation',
  deleteMany: 'mutation',
};

const cache = new Map<string, DocumentNode>();

const capitalized = (name: string) => name[0].toUpperCase() + name.slice(1);

function keyVariables(entity: EntityDescription) {
  return {
    declarations: entity.key.map((field) => `$${field}: String!`).join(', '),
    arguments: entity.key.map((field) => `${field}: $${field}`).join(', '),
  };
}

const bulkSelection = (selection: string) => `docs { ${selection} } errors { key code message field }`;

/** Removals besides a delete, for the entities with a trash (writes/delete.ts). */
export type TrashAction = 'restore' | 'purge';

/** `trash: true` asks for records in the trash too (`?trash=true`), on the entities with a trash. */
const trashVariable = (entity: EntityDescription) =>
  entity.trash ? { declaration: ', $trash: Boolean', argument: ', trash: $trash' } : { declaration: '', argument: '' };

/** `forceAssignment: true` assigns a rep given by hand who takes no new leads (`?forceAssignment=true`). */
const forceVariable = (entity: EntityDescription) =>
  assignedColumns(entity) ? { declaration: ', $forceAssignment: Boolean', argument: ', forceAssignment: $forceAssignment' } : { declaration: '', argument: '' };

/** The actions answered by one operation per collection and depth (an aggregate's is written per request: aggregate.ts). */
type FixedAction = Exclude<Action, 'aggregate'> | TrashAction;

function source(action: FixedAction, entity: EntityDescription, depth: number): string {
  const selection = selectionFor(entity, depth);
  const key = keyVariables(entity);
  const operation = action === 'restore' || action === 'purge' ? 'mutation' : rootTypeOfAction[action];
  const trash = trashVariable(entity);
  const force = forceVariable(entity);
  switch (action) {
    case 'list':
      return `${operation} Rest${capitalized(entity.plural)}($filter: ${entity.name}Filter, $orderBy: [${entity.name}Sort!], $limit: Int!, $page: Int!${trash.declaration}) {
        result: ${entity.plural}Page(filter: $filter, orderBy: $orderBy, limit: $limit, page: $page${trash.argument}) {
          docs { ${selection} } totalDocs limit totalPages page pagingCounter hasPrevPage hasNextPage prevPage nextPage
        }
      }`;
    case 'count':
      // How many documents a filter matches (REST's /count, and a long list before it is streamed).
      return `${operation} RestCount${capitalized(entity.plural)}($filter: ${entity.name}Filter${trash.declaration}) {
        result: ${entity.plural}Page(filter: $filter, limit: 1, page: 1${trash.argument}) { totalDocs }
      }`;
    case 'read':
      return `${operation} Rest${entity.name}(${key.declarations}${trash.declaration}) { result: ${entity.delegate}(${key.arguments}${trash.argument}) { ${selection} } }`;
    case 'create':
      return `${operation} RestCreate${entity.name}($input: Create${entity.name}Input!${force.declaration}) {
        result: create${entity.name}(input: $input${force.argument}) { ${selection} }
      }`;
    case 'update':
      return `${operation} RestUpdate${entity.name}(${key.declarations}, $input: Update${entity.name}Input!${force.declaration}) {
        result: update${entity.name}(${key.arguments}, input: $input${force.argument}) { ${selection} }
      }`;
    case 'updateMany':
      return `${operation} RestUpdate${capitalized(entity.plural)}($where: ${entity.name}Filter!, $input: Update${entity.name}Input!, $limit: Int!) {
        result: update${capitalized(entity.plural)}(where: $where, input: $input, limit: $limit) { ${bulkSelection(selection)} }
      }`;
    case 'deleteMany':
      return `${operation} RestDelete${capitalized(entity.plural)}($where: ${entity.name}Filter!, $limit: Int!) {
        result: delete${capitalized(entity.plural)}(where: $where, limit: $limit) { ${bulkSelection(selection)} }
      }`;
    case 'delete':
    case 'restore':
    case 'purge':
      return `${operation} Rest${capitalized(action)}${entity.name}(${key.declarations}) { result: ${action}${entity.name}(${key.arguments}) { ${selection} } }`;
  }
}

function cached(id: string, text: () => string): DocumentNode {
  let document = cache.get(id);
  if (!document) {
    document = parse(text());
    cache.set(id, document);
  }
  return document;
}

export function operationFor(action: FixedAction, entity: EntityDescription, depth: number): DocumentNode {
  return cached(`${action}:${entity.name}:${depth}`, () => source(action, entity, depth));
}

/** The documents of one numbered page, without its counts: a part of a list longer than a page. */
export function pageDocsOperation(entity: EntityDescription, depth: number): DocumentNode {
  return cached(
    `docs:${entity.name}:${depth}`,
    () =>
      `query RestPart${capitalized(entity.plural)}($filter: ${entity.name}Filter, $orderBy: [${entity.name}Sort!], $limit: Int!, $page: Int!${trashVariable(entity).declaration}) {
      result: ${entity.plural}Page(filter: $filter, orderBy: $orderBy, limit: $limit, page: $page${trashVariable(entity).argument}) { docs { ${selectionFor(entity, depth)} } }
    }`,
  );
}
