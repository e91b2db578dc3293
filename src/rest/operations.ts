// The GraphQL operations REST calls are translated into, one per (action, collection, depth),
// parsed once and kept.
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

/** The actions answered by one operation per collection and depth (an aggregate's is written per request: aggregate.ts). */
type FixedAction = Exclude<Action, 'aggregate'>;

function source(action: FixedAction, entity: EntityDescription, depth: number): string {
  const selection = selectionFor(entity, depth);
  const key = keyVariables(entity);
  const operation = rootTypeOfAction[action];
  switch (action) {
    case 'list':
      return `${operation} Rest${capitalized(entity.plural)}($filter: ${entity.name}Filter, $orderBy: [${entity.name}Sort!], $limit: Int!, $page: Int!) {
        result: ${entity.plural}Page(filter: $filter, orderBy: $orderBy, limit: $limit, page: $page) {
          docs { ${selection} } totalDocs limit totalPages page pagingCounter hasPrevPage hasNextPage prevPage nextPage
        }
      }`;
    case 'count':
      // How many documents a filter matches (REST's /count, and a long list before it is streamed).
      return `${operation} RestCount${capitalized(entity.plural)}($filter: ${entity.name}Filter) {
        result: ${entity.plural}Page(filter: $filter, limit: 1, page: 1) { totalDocs }
      }`;
    case 'read':
      return `${operation} Rest${entity.name}(${key.declarations}) { result: ${entity.delegate}(${key.arguments}) { ${selection} } }`;
    case 'create':
      return `${operation} RestCreate${entity.name}($input: Create${entity.name}Input!) { result: create${entity.name}(input: $input) { ${selection} } }`;
    case 'update':
      return `${operation} RestUpdate${entity.name}(${key.declarations}, $input: Update${entity.name}Input!) {
        result: update${entity.name}(${key.arguments}, input: $input) { ${selection} }
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
      return `${operation} RestDelete${entity.name}(${key.declarations}) { result: delete${entity.name}(${key.arguments}) { ${selection} } }`;
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
      `query RestPart${capitalized(entity.plural)}($filter: ${entity.name}Filter, $orderBy: [${entity.name}Sort!], $limit: Int!, $page: Int!) {
      result: ${entity.plural}Page(filter: $filter, orderBy: $orderBy, limit: $limit, page: $page) { docs { ${selectionFor(entity, depth)} } }
    }`,
  );
}
