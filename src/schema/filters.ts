// List arguments derived from the entity descriptions. `<E>Filter` has a condition input for every
// field (scalars, foreign-key columns, timestamps) with the operators REST clients know from
// Payload, plus AND / OR / NOT; `<E>Order` (connections) and `<E>Sort` (numbered pages) order
// them (see orderInputs). The key is always the last ordering term, so every position is unique.
import { getDatamodel } from '../generated/pothos-types.js';
import { builder, type AnyInputField } from '../builder.js';
import type { EntityDescription, EntityName, ScalarField, ScalarType } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { digestOf } from '../auth/field-encryption.js';
import { InputError } from '../errors.js';
import { rules } from '../model/rules.js';
import { DateScalar, DateTimeScalar, JSONScalar } from './scalars.js';
import { propertyWhere } from './property-filter.js';

type FieldBuilder = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0];

// The operators of each single-valued field's filter: one list, which builds the GraphQL input
// types below and tells REST's where (filterOperatorsOf) which Payload operators a field takes.
const comparable = ['equals', 'not', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;
const scalarFilters = {
  String: { operators: [...comparable, 'contains', 'startsWith', 'like'], kind: 'a text field' },
  Int: { operators: comparable, kind: 'a number field' },
  Float: { operators: comparable, kind: 'a number field' },
  Date: { operators: comparable, kind: 'a date field' },
  DateTime: { operators: comparable.filter((name) => name !== 'in' && name !== 'notIn'), kind: 'a date-time field' },
  Boolean: { operators: ['equals', 'not', 'exists'], kind: 'a true/false field' },
} as const satisfies Record<Exclude<ScalarType, 'JSON'>, { operators: readonly string[]; kind: string }>;
// encryptedCondition below: found through a digest, so exactly (its GraphQL type is StringFilter).
const encryptedFilter = { operators: ['equals', 'not', 'in', 'notIn', 'exists'], kind: 'a field stored encrypted' } as const;

type Operator = (typeof scalarFilters)[keyof typeof scalarFilters]['operators'][number];
type OperandType = 'String' | 'Int' | 'Float' | 'Boolean' | typeof DateScalar | typeof DateTimeScalar;

/** The input field of one operator on values of `type`. */
function operatorField(t: FieldBuilder, operator: Operator, type: OperandType): AnyInputField {
  switch (operator) {
    case 'not':
      return t.field({ type, description: 'Anything but this value (null counts as another value)' });
    case 'in':
      return t.field({ type: [type], description: 'Any of these values' });
    case 'notIn':
      return t.field({ type: [type], description: 'None of these values' });
    case 'exists':
      return t.boolean({ description: 'true: has a value; false: has none' });
    case 'contains':
      return t.string({ description: 'Contains this text, ignoring case' });
    case 'startsWith':
      return t.string({ description: 'Starts with this text, ignoring case' });
    case 'like':
      return t.string({ description: 'Contains every word of this text, in any order, ignoring case' });
    default:
      return t.field({ type });
  }
}

function scalarFilter(name: string, scalar: keyof typeof scalarFilters, type: OperandType, description?: string) {
  return builder.inputType(name, {
    description,
    fields: (t) => Object.fromEntries(scalarFilters[scalar].operators.map((operator) => [operator, operatorField(t, operator, type)])),
  });
}

const StringFilter = scalarFilter('StringFilter', 'String', 'String');
const IntFilter = scalarFilter('IntFilter', 'Int', 'Int');
const FloatFilter = scalarFilter('FloatFilter', 'Float', 'Float');
const DateFilter = scalarFilter('DateFilter', 'Date', DateScalar);
const DateTimeFilter = scalarFilter('DateTimeFilter', 'DateTime', DateTimeScalar, 'Conditions on an instant; a range is gte (inclusive) with lt (exclusive)');
const BooleanFilter = scalarFilter('BooleanFilter', 'Boolean', 'Boolean');
const StringListFilter = builder.inputType('StringListFilter', {
  fields: (t) => ({
    has: t.string({ description: 'The list contains this value' }),
    hasSome: t.stringList({ description: 'The list contains any of these values' }),
    hasEvery: t.stringList({ description: 'The list contains all of these values' }),
    isEmpty: t.boolean(),
  }),
});
export const PropertyFilter = builder.inputType('PropertyFilter', {
  description:
    'Conditions on one property of a JSON object, named by its path; each condition given must hold. equals and in find the value through an index; gt, gte, lt and lte compare numbers (a property that is no number does not match)',
  fields: (t) => ({
    path: t.string({ required: true, description: 'The keys that lead to the property, joined by dots: vehicle.vin' }),
    equals: t.field({ type: JSONScalar, description: 'The property is this string, number or boolean' }),
    in: t.field({ type: [JSONScalar], description: 'The property is one of these strings, numbers or booleans' }),
    exists: t.boolean({ description: 'true: the object has this property (whatever its value, null included); false: it has not' }),
    gt: t.float(),
    gte: t.float(),
    lt: t.float(),
    lte: t.float(),
  }),
});
const IntListFilter = builder.inputType('IntListFilter', {
  fields: (t) => ({ has: t.int(), hasSome: t.intList(), hasEvery: t.intList(), isEmpty: t.boolean() }),
});

/**
 * The conditions the filter of a single-valued field takes (the operators its `<Type>Filter` above
 * is built from), and the kind of field as a message says it. REST's where reads them to refuse an
 * operator in its own words before GraphQL would name its type.
 */
export function filterOperatorsOf(field: ScalarField): { operators: ReadonlySet<string>; kind: string } {
  // A JSON field has no operators of its own: its properties are filtered (PropertyFilter), and REST's where says so first.
  if (field.type === 'JSON') throw new Error('a JSON field is filtered by its properties');
  const { operators, kind } = field.encrypted ? encryptedFilter : scalarFilters[field.type];
  return { operators: new Set(operators), kind };
}

export const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });

/** Every field a list can be filtered by: its scalars, the foreign-key columns and the timestamps. */
export function filterableFields(entity: EntityDescription): Record<string, ScalarField> {
  // Without a prototype, as the entity descriptions: REST looks where keys up in it.
  const fields: Record<string, ScalarField> = Object.assign(Object.create(null), entity.scalars);
  for (const relation of Object.values(entity.relations)) {
    for (const column of relation.columns ?? []) fields[column] = { type: 'String', description: relation.description };
  }
  return fields;
}

function filterType(field: ScalarField) {
  if (field.list) return field.type === 'Int' ? IntListFilter : StringListFilter;
  return {
    String: StringFilter,
    Int: IntFilter,
    Float: FloatFilter,
    Boolean: BooleanFilter,
    Date: DateFilter,
    DateTime: DateTimeFilter,
    JSON: PropertyFilter,
  }[field.type];
}

// Each entity's filter, for the relation fields of the others (looked up when the schema is built).
const filterRefs = new Map<EntityName, ReturnType<typeof builder.inputRef<Record<string, unknown>>>>();

export function filterInput(entity: EntityDescription) {
  const ref = builder.inputRef<Record<string, unknown>>(`${entity.name}Filter`);
  filterRefs.set(entity.name, ref);
  ref.implement({
    description: `Conditions on ${entity.name}s: every condition given must hold`,
    fields: (t) => {
      const fields: Record<string, AnyInputField> = {};
      for (const [name, field] of Object.entries(filterableFields(entity))) {
        fields[name] = t.field({ type: filterType(field) }) as AnyInputField;
      }
      for (const [name, relation] of Object.entries(entity.relations)) {
        const description = relation.list ? `At least one of the ${name} matches` : `The ${name} exists and matches`;
        fields[name] = t.field({ type: filterRefs.get(relation.target)!, description }) as AnyInputField;
      }
      fields.createdAt = t.field({ type: DateTimeFilter }) as AnyInputField;
      fields.updatedAt = t.field({ type: DateTimeFilter }) as AnyInputField;
      fields.AND = t.field({ type: [ref], description: 'Every one of these filters holds' }) as AnyInputField;
      fields.OR = t.field({ type: [ref], description: 'At least one of these filters holds' }) as AnyInputField;
      fields.NOT = t.field({ type: ref, description: 'This filter does not hold' }) as AnyInputField;
      return fields as never;
    },
  });
  return ref;
}

type Condition = Record<string, unknown>;

// Prisma hands contains and startsWith to PostgreSQL's (I)LIKE as they are, where % and _ are
// wildcards and \ escapes: `contains: "%"` matched every row. Escaped, each means itself.
const literalPattern = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/** A Date operand as the database compares it; one that is no calendar date is bad input, named by its path. */
function dateOf(value: unknown, path: string): Date {
  const problem = typeof value === 'string' ? rules.date(value) : 'must be a calendar date in the form YYYY-MM-DD';
  if (problem) throw new InputError([{ field: path, message: problem }]);
  return new Date(`${value}T00:00:00Z`);
}

// The columns that cannot be null (Prisma's datamodel: the database's NOT NULL), by `Model.field`.
const notNull = new Set(
  Object.entries(getDatamodel().datamodel.models).flatMap(([model, { fields }]) =>
    fields.filter((field) => field.isRequired).map((field) => `${model}.${field.name}`),
  ),
);

/** Whether the column of `name` can hold no value. */
const nullable = (entity: EntityDescription, name: string): boolean => !notNull.has(`${entity.name}.${name}`);

function fieldCondition(field: ScalarField | undefined, condition: Condition, path: string, canBeEmpty = true): Condition[] {
  const clauses: Condition[] = [];
  const clause: Condition = {};
  const value = (v: unknown, at: string) => {
    if (field?.type !== 'Date') return v;
    return Array.isArray(v) ? v.map((item, index) => dateOf(item, `${at}.${index}`)) : dateOf(v, at);
  };
  for (const [operator, operand] of Object.entries(condition)) {
    if (operand === null || operand === undefined) continue;
    // GraphQL reads 1e400 as Infinity, which Prisma's engine cannot take (it panicked, and the pool with it).
    if ([operand].flat().some((item) => typeof item === 'number' && !Number.isFinite(item))) {
      throw new InputError([{ field: `${path}.${operator}`, message: 'must be a finite number' }]);
    }
    switch (operator) {
      case 'contains':
      case 'startsWith':
        clauses.push({ [operator]: literalPattern(String(operand)), mode: 'insensitive' });
        break;
      case 'like': {
        const words = String(operand).split(/\s+/).filter(Boolean);
        // No word would be no condition, matching everything (and its negation too): never a widened answer.
        if (words.length === 0) throw new InputError([{ field: `${path}.like`, message: 'needs at least one word' }]);
        for (const word of words) clauses.push({ contains: literalPattern(word), mode: 'insensitive' });
        break;
      }
      case 'exists':
        // A column that cannot be null (a key, a required field; createdAt and updatedAt, no field of
        // the description) always has a value: Prisma refuses `not: null` on it (a 500), so true
        // matches every record and false none.
        if (!field || (!field.list && !canBeEmpty)) clauses.push(operand ? {} : { in: [] });
        else clauses.push(field.list ? { isEmpty: !operand } : operand ? { not: null } : { equals: null });
        break;
      default:
        clause[operator] = value(operand, `${path}.${operator}`);
    }
  }
  if (Object.keys(clause).length > 0) clauses.unshift(clause);
  return clauses;
}

/**
 * Whether a Prisma `where` holds of every record as Prisma reads it: no condition, conditions on
 * fields that say nothing (`{ make: {} }`, as `exists: true` on a column that always has a value
 * becomes), an AND of such.
 */
function matchesEvery(where: Condition): boolean {
  return Object.entries(where).every(([name, condition]) =>
    name === 'AND'
      ? (condition as Condition[]).every(matchesEvery)
      : name !== 'OR' &&
        name !== 'NOT' &&
        typeof condition === 'object' &&
        condition !== null &&
        !Array.isArray(condition) &&
        Object.keys(condition).length === 0,
  );
}

/** Turns an `<E>Filter` value into a Prisma `where`; `path` names it in errors. */
export function whereFromFilter(entity: EntityDescription, filter: Condition | null | undefined, path = 'filter'): Condition {
  if (!filter) return {};
  const fields = filterableFields(entity);
  const all: Condition[] = [];
  for (const [name, condition] of Object.entries(filter)) {
    if (condition === null || condition === undefined) continue;
    if (name === 'AND' || name === 'OR') {
      all.push({ [name]: (condition as Condition[]).map((inner, index) => whereFromFilter(entity, inner, `${path}.${name}.${index}`)) });
    } else if (name === 'NOT') {
      const inner = whereFromFilter(entity, condition as Condition, `${path}.NOT`);
      // Prisma drops a NOT of nothing (`NOT: {}`) rather than matching no record: a bulk update or
      // delete would have changed every record. What holds of every record, negated, holds of none.
      all.push(matchesEvery(inner) ? { [entity.key[0]]: { in: [] } } : { NOT: inner });
    } else if (Object.hasOwn(entity.relations, name)) {
      // A condition on a related record: on any of a list's, on the one of a to-one relation.
      const relation = entity.relations[name];
      const inner = whereFromFilter(entities[relation.target], condition as Condition, `${path}.${name}`);
      all.push({ [name]: relation.list ? { some: inner } : { is: inner } });
    } else if (fields[name]?.encrypted) {
      all.push(...encryptedCondition(name, condition as Condition));
    } else if (fields[name]?.type === 'JSON') {
      all.push(...propertyWhere(name, condition as Condition, `${path}.${name}`));
    } else {
      for (const clause of fieldCondition(fields[name], condition as Condition, `${path}.${name}`, nullable(entity, name))) all.push({ [name]: clause });
    }
  }
  return all.length === 1 ? all[0] : { AND: all };
}

// An encrypted field is found through its digest: exactly, never by part or order.
const encryptedOperatorWords = `${encryptedFilter.operators.slice(0, -1).join(', ')} or ${encryptedFilter.operators.at(-1)}`;
function encryptedCondition(name: string, condition: Condition): Condition[] {
  const column = `${name}Digest`;
  return Object.entries(condition).flatMap(([operator, operand]): Condition[] => {
    if (operand === null || operand === undefined) return [];
    if (operator === 'equals') return [{ [column]: digestOf(String(operand)) }];
    if (operator === 'not') return [{ NOT: { [column]: digestOf(String(operand)) } }];
    if (operator === 'in' || operator === 'notIn') return [{ [column]: { [operator]: (operand as unknown[]).map((value) => digestOf(String(value))) } }];
    if (operator === 'exists') return [{ [column]: operand ? { not: null } : null }];
    throw new InputError([{ field: `filter.${name}.${operator}`, message: `${name} is stored encrypted: match it with ${encryptedOperatorWords}` }]);
  });
}

/**
 * `<E>Order` orders connections by fields that always have a value: Prisma's cursor pagination
 * skips or repeats rows when ordering by a column with NULLs (prisma/prisma#29254). `<E>Sort`
 * orders numbered pages, which use no cursor, by any single-valued field.
 */
export function orderInputs(entity: EntityDescription) {
  // Personal data is never an ordering: the order would tell what the mask hides.
  const single = Object.entries(filterableFields(entity)).filter(([, field]) => !field.list && !field.pii && field.type !== 'JSON');
  const never = single.filter(([name]) => alwaysHasValue(entity, name));
  const make = (name: string, fields: [string, ScalarField][], description: string) => {
    const Field = builder.enumType(`${name}Field`, { values: [...new Set([...fields.map(([field]) => field), 'createdAt', 'updatedAt'])] });
    return builder.inputType(name, {
      description,
      fields: (t) => ({
        field: t.field({ type: Field, required: true }),
        direction: t.field({ type: OrderDirection, defaultValue: 'ASC', required: true }),
      }),
    });
  };
  return {
    Order: make(`${entity.name}Order`, never, 'An ordering term for a connection (fields that always have a value)'),
    Sort: make(`${entity.name}Sort`, single, 'An ordering term for numbered pages (any single-valued field)'),
  };
}

function requiredColumn(entity: EntityDescription, column: string): boolean {
  return Object.values(entity.relations).some((relation) => relation.required && relation.columns?.includes(column));
}

/** Whether every record has a value in this column: what a keyset (a cursor) may order by. */
export function alwaysHasValue(entity: EntityDescription, name: string): boolean {
  if (name === 'createdAt' || name === 'updatedAt' || entity.key.includes(name)) return true;
  const field = Object.hasOwn(entity.scalars, name) ? entity.scalars[name] : undefined;
  return !!(field?.required || field?.serverSet) || requiredColumn(entity, name);
}

/**
 * Ordering terms for Prisma, ending with the key so that every position in the list is unique.
 * The key follows the first term's direction, so one index scan in one direction serves the page.
 */
export function orderByFromInput(
  entity: EntityDescription,
  order: readonly { field: string; direction: 'ASC' | 'DESC' }[] | null | undefined,
): Record<string, 'asc' | 'desc'>[] {
  const terms = (order?.length ? order : [{ field: entity.defaultOrder ?? 'createdAt', direction: 'ASC' as const }]).map(({ field, direction }) => ({
    [field]: direction === 'DESC' ? ('desc' as const) : ('asc' as const),
  }));
  const keyDirection = Object.values(terms[0])[0];
  for (const key of entity.key) {
    if (!terms.some((term) => key in term)) terms.push({ [key]: keyDirection });
  }
  return terms;
}
