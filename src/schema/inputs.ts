// GraphQL input types derived from the entity descriptions, so GraphQL, validation and nested
// writes cannot disagree about a field. For each entity:
//   Create<E>Input  required fields non-null, key optional where the server can make one
//   Update<E>Input  every field optional, no key
//   <E>UpsertInput  every field optional, key included: create-or-update by key
//   <E>Ref          @oneOf { connect: key, upsert: <E>UpsertInput }: "an id or the object"
import { identifierTypes } from '../model/identifiers.js';
import { builder, type AnyInputField } from '../builder.js';
import type { EntityDescription, EntityName, ScalarField } from '../model/entity.js';
import { entities } from '../model/entities.js';
import { graphqlScalarOf } from './scalars.js';

type Input = Record<string, unknown>;
type Variant = 'create' | 'update' | 'upsert';
type FieldBuilder = Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0];

const article = (name: string) => `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
const capitalizedArticle = (name: string) => article(name).replace(/^a/, 'A');

const inputRef = (name: string) => builder.inputRef<Input>(name);
const refs = Object.fromEntries(
  Object.keys(entities).map((name) => [
    name,
    {
      create: inputRef(`Create${name}Input`),
      update: inputRef(`Update${name}Input`),
      upsert: inputRef(`${name}UpsertInput`),
      ref: inputRef(`${name}Ref`),
    },
  ]),
) as unknown as Record<EntityName, Record<Variant | 'ref', ReturnType<typeof inputRef>>>;

export const IdentifierType = builder.enumType('ConsumerIdentifierType', {
  description: 'What identifies a consumer: an email (case and surrounding spaces do not count), a phone number (its digits), an id in another system',
  values: identifierTypes,
});

const MatchInput = builder.inputType('ConsumerMatchInput', {
  description: 'A consumer named by an identifier in place of its id: the first created consumer holding it, which must exist',
  fields: (t) => ({
    type: t.field({ type: IdentifierType, required: true }),
    value: t.string({ required: true }),
    create: t.field({
      type: refs.Consumer.create as never,
      description:
        'The consumer to add when none holds the identifier (its email, phone number or external id is the one matched); concurrent writers add it once',
    }),
  }),
});

export const CityKeyInput = builder.inputType('CityKeyInput', {
  description: 'A City is identified by its state code and its name',
  fields: (t) => ({
    stateCode: t.string({ required: true }),
    name: t.string({ required: true }),
  }),
});

function scalarField(t: FieldBuilder, field: ScalarField, required: boolean): AnyInputField {
  const base = graphqlScalarOf(field.type);
  const type = field.list ? [base] : base;
  return t.field({ type: type as never, required, description: field.description }) as AnyInputField;
}

function fieldsFor(entity: EntityDescription, variant: Variant) {
  return (t: FieldBuilder) => {
    const fields: Record<string, AnyInputField> = {};
    for (const [name, field] of Object.entries(entity.scalars)) {
      const isKey = entity.key.includes(name);
      // Server-made ids never change; natural keys (a VIN, a state code, a city name) can be corrected.
      if (isKey && variant === 'update' && entity.idPrefix) continue;
      if (field.serverSet || (field.createOnly && variant === 'update')) continue;
      // A field that has another name (phone / phoneNumber) may come under either: its presence is
      // checked at run time, by validateScalars, once the names are folded together.
      const hasAlias = Object.values(entity.aliases ?? {}).includes(name);
      const required =
        (variant === 'create' && field.required === true && !(isKey && entity.idPrefix) && !hasAlias) ||
        (variant === 'upsert' && isKey && !entity.idPrefix && entity.key.length === 1);
      fields[name] = scalarField(t, field, required);
    }
    for (const [name, relation] of Object.entries(entity.relations)) {
      const target = refs[relation.target].ref;
      fields[name] = t.field({
        type: (relation.list ? [target] : target) as never,
        required: variant === 'create' && relation.required === true,
        description: relation.description,
      }) as AnyInputField;
    }
    for (const [alias, canonical] of Object.entries(entity.aliases ?? {})) {
      const scalar = entity.scalars[canonical];
      const relation = entity.relations[canonical];
      fields[alias] = scalar
        ? scalarField(t, { ...scalar, description: `Another name for ${canonical} (the CRM lead body's)` }, false)
        : (t.field({
            type: refs[relation.target].ref as never,
            description: `Another name for ${canonical} (the CRM lead body's)`,
          }) as AnyInputField);
    }
    return fields;
  };
}

for (const entity of Object.values(entities)) {
  const own = refs[entity.name];
  own.create.implement({ description: `A new ${entity.name}`, fields: fieldsFor(entity, 'create') as never });
  own.update.implement({ description: `Changes to ${article(entity.name)}: only the fields given are changed`, fields: fieldsFor(entity, 'update') as never });
  own.upsert.implement({
    description: `${capitalizedArticle(entity.name)} to create, or to update when one with its key exists`,
    fields: fieldsFor(entity, 'upsert') as never,
  });
  own.ref.implement({
    description: `${capitalizedArticle(entity.name)}: the key of an existing one, or one to create or update`,
    isOneOf: true,
    fields: (t) => ({
      connect:
        entity.key.length === 1
          ? t.string({ description: `The ${entity.key[0]} of ${article(entity.name)}` })
          : t.field({ type: CityKeyInput, description: `The key of ${article(entity.name)}` }),
      upsert: t.field({ type: own.upsert }),
      ...(entity.matchByIdentifier && { match: t.field({ type: MatchInput, description: `${capitalizedArticle(entity.name)} named by an identifier` }) }),
    }),
  });
}

export function inputsOf(name: EntityName) {
  return refs[name];
}
