// Scalar fields of an object type, exposed from the entity description: its key, every scalar of
// the seeds (nullable unless the OpenAPI requires it; lists are never null) and the timestamps.
import type { EntityDescription } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { recordId } from '../writes/write-trace.js';
import { decryptField } from '../auth/field-encryption.js';
import { personalValue } from '../auth/personal-data.js';
import type { Context } from '../context.js';
import { DateScalar, DateTimeScalar } from './scalars.js';

type ExposeBuilder = {
  expose(name: string, options: object): unknown;
  field(options: object): unknown;
};

export function scalarFields(t: ExposeBuilder, entity: EntityDescription): Record<string, never> {
  const fields: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(entity.scalars)) {
    const base = field.type === 'Date' ? DateScalar : field.type;
    if (field.pii) {
      const style = field.pii;
      fields[name] = t.field({
        type: base,
        nullable: true,
        description: `${field.description} (personal data: needs the pii:read scope, otherwise ${style === 'last4' ? 'masked to its last four characters' : 'null'})`,
        resolve: (parent: Record<string, unknown>, _args: unknown, context: Context) => {
          const stored = parent[name];
          const value = field.encrypted && typeof stored === 'string' ? decryptField(stored) : stored;
          return personalValue(context, entity.name, entity.key.map((key) => parent[key]).join('/'), name, style, value);
        },
      });
      continue;
    }
    fields[name] = t.expose(name, {
      type: field.list ? [base] : base,
      nullable: !(field.required || field.list || entity.key.includes(name)),
      description: field.description,
    });
  }
  fields.createdAt = t.expose('createdAt', { type: DateTimeScalar, description: 'When the record was created' });
  fields.updatedAt = t.expose('updatedAt', { type: DateTimeScalar, description: 'When the record last changed' });
  return fields as Record<string, never>;
}

const mayRead = (context: Context) => !!context.apiKey?.scopes.includes('read');

/**
 * For a relation of the entity's own (the OpenAPI's "an id or the object"): a caller without the
 * `read` scope (public ingest) sees the related record only if this request wrote it; otherwise
 * the field is empty and the record stays behind its id (REST then shows the id).
 */
export function readGuard(entity: EntityDescription, name: string) {
  const relation = entity.relations[name];
  const target = entities[relation.target];
  return {
    authScopes: (parent: Record<string, unknown>, _args: unknown, context: Context) => {
      if (mayRead(context)) return true;
      const key = relation.list
        ? recordId(entity.name, entity.key.map((field) => parent[field]).join('/'))
        : recordId(target.name, relation.columns!.map((column) => parent[column]).join('/'));
      return context.trace.written.has(key);
    },
    unauthorizedResolver: () => (relation.list ? [] : null),
  } as {};
}

/** For a relation the other way round (a consumer's leads): only for callers with `read`. */
export const needsRead = { authScopes: { read: true } } as {};
