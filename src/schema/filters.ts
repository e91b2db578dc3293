// List arguments derived from the entity descriptions: a `<E>Filter` input (every condition must
// hold) and `<E>Order` for ordering. The key is always the last ordering term, so pages are stable
// and cursors unique.
import { builder, type AnyInputField } from '../builder.js';
import type { EntityDescription } from '../model/entity.js';
import { DateTimeScalar } from './scalars.js';

const StringFilter = builder.inputType('StringFilter', {
  fields: (t) => ({
    equals: t.string(),
    in: t.stringList({ description: 'Any of these values' }),
    contains: t.string({ description: 'Contains this text, ignoring case' }),
    startsWith: t.string({ description: 'Starts with this text, ignoring case' }),
  }),
});

const IntFilter = builder.inputType('IntFilter', {
  fields: (t) => ({
    equals: t.int(),
    in: t.intList(),
    gte: t.int({ description: 'At least' }),
    lte: t.int({ description: 'At most' }),
  }),
});

const StringListFilter = builder.inputType('StringListFilter', {
  fields: (t) => ({
    has: t.string({ description: 'The list contains this value' }),
    hasSome: t.stringList({ description: 'The list contains any of these values' }),
  }),
});

const DateTimeFilter = builder.inputType('DateTimeFilter', {
  description: 'A range of instants: gte is inclusive, lt exclusive',
  fields: (t) => ({
    gte: t.field({ type: DateTimeScalar }),
    lt: t.field({ type: DateTimeScalar }),
  }),
});

export const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });

type Filter = Record<string, Record<string, unknown> | boolean | null | undefined>;

function filterKind(entity: EntityDescription, field: string) {
  const scalar = entity.scalars[field];
  if (!scalar) return 'String'; // foreign-key columns such as accountId
  if (scalar.list) return 'StringList';
  return scalar.type;
}

export function filterInput(entity: EntityDescription) {
  const fields = [...new Set([...entity.key, ...entity.filters])];
  return builder.inputType(`${entity.name}Filter`, {
    description: `Conditions on ${entity.name}s; every condition given must hold`,
    fields: (t) => {
      const result: Record<string, AnyInputField> = {};
      for (const field of fields) {
        const kind = filterKind(entity, field);
        const type =
          kind === 'Int' ? IntFilter : kind === 'Boolean' ? 'Boolean' : kind === 'StringList' ? StringListFilter : StringFilter;
        result[field] = t.field({ type: type as never }) as AnyInputField;
      }
      result.createdAt = t.field({ type: DateTimeFilter }) as AnyInputField;
      result.updatedAt = t.field({ type: DateTimeFilter }) as AnyInputField;
      return result;
    },
  });
}

/** Turns a `<E>Filter` value into a Prisma `where`. */
export function whereFromFilter(filter: Filter | null | undefined): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  for (const [field, condition] of Object.entries(filter ?? {})) {
    if (condition === null || condition === undefined) continue;
    if (typeof condition !== 'object') {
      where[field] = condition;
      continue;
    }
    const clause: Record<string, unknown> = {};
    for (const [operator, value] of Object.entries(condition)) {
      if (value === null || value === undefined) continue;
      if (operator === 'contains' || operator === 'startsWith') {
        clause[operator] = value;
        clause.mode = 'insensitive';
      } else {
        clause[operator] = value;
      }
    }
    where[field] = clause;
  }
  return where;
}

export function orderInput(entity: EntityDescription) {
  const fields = [...new Set([...entity.orderBy, 'createdAt', 'updatedAt', ...entity.key])];
  const OrderField = builder.enumType(`${entity.name}OrderField`, { values: fields });
  return builder.inputType(`${entity.name}Order`, {
    fields: (t) => ({
      field: t.field({ type: OrderField, required: true }),
      direction: t.field({ type: OrderDirection, defaultValue: 'ASC', required: true }),
    }),
  });
}

/** Ordering terms for Prisma, ending with the key so that every position in the list is unique. */
export function orderByFromInput(
  entity: EntityDescription,
  order: readonly { field: string; direction: 'ASC' | 'DESC' }[] | null | undefined,
): Record<string, 'asc' | 'desc'>[] {
  const terms = (order?.length ? order : [{ field: 'createdAt', direction: 'ASC' as const }]).map(
    ({ field, direction }) => ({ [field]: direction === 'DESC' ? ('desc' as const) : ('asc' as const) }),
  );
  for (const key of entity.key) {
    if (!terms.some((term) => key in term)) terms.push({ [key]: 'asc' });
  }
  return terms;
}
