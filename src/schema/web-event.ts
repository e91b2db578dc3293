import type { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import { InputError } from '../errors.js';
import { entities } from '../model/entities.js';
import { ingestMany, ingestOne } from '../writes/ingest-queue.js';
import type { WriteOutcome } from '../writes/write.js';
import { registerEntityCrud, writeRequest } from './crud.js';
import { answeredWithoutReading, answerWrite } from './write-answers.js';
import { inputsOf } from './inputs.js';
import { referenceFields, scalarFields, typeDescription, keySelection } from './object-fields.js';

const entity = entities.WebEvent;

export const WebEvent = builder.prismaNode('WebEvent', {
  id: { field: 'id' },
  select: keySelection(entity),
  description: typeDescription(entity),
  fields: (t) => ({
    ...scalarFields(t, entity),
    ...referenceFields(
      t,
      'account',
      'Web Event was created by Account (null until an account with accountId exists)',
      'The id of the account the event names, whether or not that account exists yet',
    ),
    consumer: t.relation('consumer', {
      nullable: true,
      description: 'Web Event is about the Consumer its customer identifier found (null until a consumer with consumerId exists)',
    }),
  }),
});

/** The most web events one batch (createWebEvents, POST /api/webevents/batch) may carry. */
export const maxEventsPerBatch = 500;

// A web event's id is its idempotency key: posting it again writes nothing and answers with its
// key (and the stored event to a caller who may read). Single events go through the ingest queue,
// which shares one write among concurrent requests.
registerEntityCrud(entity, WebEvent, { publicCreate: true, create: ingestOne });

const Problem = builder.objectRef<{ field: string; message: string }>('Problem').implement({
  fields: (t) => ({ field: t.exposeString('field'), message: t.exposeString('message') }),
});

export interface EventErrorShape {
  code: string;
  message: string;
  field: string | null;
  problems: { field: string; message: string }[];
}

const EventError = builder.objectRef<EventErrorShape>('EventError').implement({
  description: 'Why one event of a batch was not stored',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.exposeString('message'),
    field: t.exposeString('field', { nullable: true }),
    problems: t.field({ type: [Problem], resolve: (error) => error.problems }),
  }),
});

// A plain object: graphql-js would take an Error returned by a resolver for a failure of the field.
export const describeError = (error: GraphQLError): EventErrorShape => ({
  code: String(error.extensions.code),
  message: error.message,
  field: (error.extensions.field as string | undefined) ?? null,
  problems: (error.extensions.problems as EventErrorShape['problems'] | undefined) ?? [],
});

type Result = { index: number; outcome: WriteOutcome };

const WebEventResult = builder.objectRef<Result>('WebEventResult').implement({
  description: 'The outcome of one event of a batch',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'The position of the event in the batch, from 0' }),
    ok: t.boolean({ resolve: ({ outcome }) => outcome.status !== 'failed' }),
    stored: t.boolean({
      nullable: true,
      description: 'true: stored now; false: an event with this id was stored before (this is a repeat)',
      resolve: ({ outcome }) => (outcome.status === 'failed' ? null : outcome.status === 'written'),
    }),
    event: t.prismaField({
      type: WebEvent,
      nullable: true,
      description: 'The event: as stored to a caller who may read, otherwise as sent (a repeat: its id)',
      resolve: (query, { outcome }, _args, context) =>
        outcome.status === 'failed'
          ? (answeredWithoutReading(query) ?? null)
          : (answerWrite(context, entity, outcome, query, (key) => context.loaders.webEventById(query).load(key.id)) as never),
    }),
    error: t.field({ type: EventError, nullable: true, resolve: ({ outcome }) => (outcome.status === 'failed' ? describeError(outcome.error) : null) }),
  }),
});

builder.mutationField('createWebEvents', (t) =>
  t.field({
    type: [WebEventResult],
    description: `Stores up to ${maxEventsPerBatch} web events; each is validated and stored on its own, and answered in order`,
    skipTypeScopes: true,
    authScopes: () => true,
    args: { input: t.arg({ type: [inputsOf('WebEvent').create], required: true }) },
    resolve: async (_root, args, context) => {
      const inputs = args.input as Record<string, unknown>[];
      if (inputs.length > maxEventsPerBatch) throw new InputError([{ field: 'input', message: `must have at most ${maxEventsPerBatch} events` }]);
      const outcomes = await ingestMany(inputs.map((input, index) => writeRequest(context, entity, 'ingest', input, `input.${index}`)));
      return outcomes.map((outcome, index) => ({ outcome, index }));
    },
  }),
);
