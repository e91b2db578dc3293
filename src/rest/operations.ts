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
  read: 'query',
  create: 'mutation',
  update: 'mutation',
  delete: 'mutation',
};

const cache = new Map<string, DocumentNode>();

const capitalized = (name: string) => name[0].toUpperCase() + name.slice(1);

function keyVariables(entity: EntityDescription) {
  return {
    declarations: entity.key.map((field) => `$${field}: String!`).join(', '),
    arguments: entity.key.map((field) => `${field}: $${field}`).join(', '),
  };
}

/** Removals besides a delete, for the entities with a trash (writes/delete.ts). */
export type TrashAction = 'restore' | 'purge';

function source(action: Action | TrashAction, entity: EntityDescription, depth: number): string {
  const selection = selectionFor(entity, depth);
  const key = keyVariables(entity);
  const operation = action === 'restore' || action === 'purge' ? 'mutation' : rootTypeOfAction[action];
  // `trash: true` asks for records in the trash too (`?trash=true`).
  const trash = entity.trash ? { declaration: ', $trash: Boolean', argument: ', trash: $trash' } : { declaration: '', argument: '' };
  switch (action) {
    case 'list':
      return `${operation} Rest${capitalized(entity.plural)}($filter: ${entity.name}Filter, $orderBy: [${entity.name}Sort!], $limit: Int!, $page: Int!${trash.declaration}) {
        result: ${entity.plural}Page(filter: $filter, orderBy: $orderBy, limit: $limit, page: $page${trash.argument}) {
          docs { ${selection} } totalDocs limit totalPages page pagingCounter hasPrevPage hasNextPage prevPage nextPage
        }
      }`;
    case 'read':
      return `${operation} Rest${entity.name}(${key.declarations}${trash.declaration}) { result: ${entity.delegate}(${key.arguments}${trash.argument}) { ${selection} } }`;
    case 'create':
      return `${operation} RestCreate${entity.name}($input: Create${entity.name}Input!) { result: create${entity.name}(input: $input) { ${selection} } }`;
    case 'update':
      return `${operation} RestUpdate${entity.name}(${key.declarations}, $input: Update${entity.name}Input!) {
        result: update${entity.name}(${key.arguments}, input: $input) { ${selection} }
      }`;
    case 'delete':
    case 'restore':
    case 'purge':
      return `${operation} Rest${capitalized(action)}${entity.name}(${key.declarations}) { result: ${action}${entity.name}(${key.arguments}) { ${selection} } }`;
  }
}

export function operationFor(action: Action | TrashAction, entity: EntityDescription, depth: number): DocumentNode {
  const id = `${action}:${entity.name}:${depth}`;
  let document = cache.get(id);
  if (!document) {
    document = parse(source(action, entity, depth));
    cache.set(id, document);
  }
  return document;
}
