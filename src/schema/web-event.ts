import type { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import { InputError } from '../errors.js';
import { entities } from '../model/entities.js';
import { webEventQueue } from '../writes/ingest-queue.js';
import { ingestWebEvents, maxEventsPerBatch, type IngestOutcome } from '../writes/web-event-ingest.js';
import { mergeWriteTrace } from '../writes/write-trace.js';
import { registerEntityCrud } from './crud.js';
import { inputsOf } from './inputs.js';
import { readGuard, scalarFields } from './object-fields.js';

const entity = entities.WebEvent;

export const WebEvent = builder.prismaNode('WebEvent', {
  id: { field: 'id' },
  description: entity.description,
  fields: (t) => ({
    ...scalarFields(t, entity),
    accountId: t.exposeString('accountId', {
      nullable: true,
      description: 'The id of the account the event names, whether or not that account exists yet',
    }),
    account: t.relation('account', {
      ...readGuard(entity, 'account'),
      nullable: true,
      description: 'Web Event was created by Account (null until an account with accountId exists)',
    }),
  }),
});

// A web event's id is its idempotency key: posting it again answers with the stored event.
// Single events go through the ingest queue, which shares one write among concurrent requests.
registerEntityCrud(entity, WebEvent as never, {
  publicCreate: true,
  create: async (input, context) => {
    const outcome = await webEventQueue.submit({ input, path: 'input', mayUpdateExisting: context.trace.mayUpdateExisting });
    if ('error' in outcome) throw outcome.error;
    mergeWriteTrace(context.trace, outcome);
    return { id: outcome.id };
  },
});

const Problem = builder.objectRef<{ field: string; message: string }>('Problem').implement({
  fields: (t) => ({ field: t.exposeString('field'), message: t.exposeString('message') }),
});

interface EventErrorShape {
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
const describeError = (error: GraphQLError): EventErrorShape => ({
  code: String(error.extensions.code),
  message: error.message,
  field: (error.extensions.field as string | undefined) ?? null,
  problems: (error.extensions.problems as EventErrorShape['problems'] | undefined) ?? [],
});

type Result = IngestOutcome & { index: number };

const WebEventResult = builder.objectRef<Result>('WebEventResult').implement({
  description: 'The outcome of one event of a batch',
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'The position of the event in the batch, from 0' }),
    ok: t.boolean({ resolve: (result) => !('error' in result) }),
    stored: t.boolean({
      nullable: true,
      description: 'true: stored now; false: an event with this id was stored before (this is a repeat)',
      resolve: (result) => ('error' in result ? null : result.stored),
    }),
    event: t.prismaField({
      type: WebEvent,
      nullable: true,
      description: 'The stored event',
      resolve: (query, result, _args, context) => ('error' in result ? null : context.loaders.webEventById(query).load(result.id)),
    }),
    error: t.field({ type: EventError, nullable: true, resolve: (result) => ('error' in result ? describeError(result.error) : null) }),
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
      const { mayUpdateExisting } = context.trace;
      const outcomes = await ingestWebEvents(inputs.map((input, index) => ({ input, path: `input.${index}`, mayUpdateExisting })));
      for (const outcome of outcomes) if ('written' in outcome) mergeWriteTrace(context.trace, outcome);
      return outcomes.map((outcome, index) => ({ ...outcome, index }));
    },
  }),
);

