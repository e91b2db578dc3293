// A consumer's rights over their data, for keys with the admin scope: access (exportConsumer:
// everything held about the person, as one JSON document) and erasure (eraseConsumer:
// writes/erase.ts). Both follow the person as erasure does: the consumer, their addresses, their
// leads (linked, or carrying their email), the accounts of either, and the events of those accounts
// and of their anonymous ids.
import { decryptField } from '../auth/field-encryption.js';
import { personalValue, shownProperties } from '../auth/personal-data.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { prisma } from '../db.js';
import { InputError, NotFoundError } from '../errors.js';
import { entities } from '../model/entities.js';
import { keyProblem } from '../model/validate.js';
import { eraseConsumer, type Erasure } from '../writes/erase.js';
import { eventsOfPerson, recordsOfPerson } from '../writes/person.js';
import { parameters } from '../writes/sql.js';
import { JSONObjectScalar } from './scalars.js';

const admin = { authScopes: { admin: true }, skipTypeScopes: true } as const;

/** The most events an export holds; past it, `webEventsTruncated` says so. */
export const exportedEventsMax = 10_000;

/** Server bookkeeping no person needs to see: keyed digests and search keys. */
const internal = new Set(['ssnDigest', 'emailKey', 'externalIdKey', 'phoneKey', 'propertiesIndex']);

/** A row as the export shows it: bookkeeping left out, big integers as text (JSON has none). */
function plain(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row)
      .filter(([name]) => !internal.has(name))
      .map(([name, value]) => [name, typeof value === 'bigint' ? String(value) : Array.isArray(value) ? value.map(inner) : inner(value)]),
  );
}
const inner = (value: unknown): unknown =>
  value && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value) ? plain(value as Record<string, unknown>) : value;

/** A 400 naming `id` for what cannot be a key (empty, too long, NUL): no query is made of it. */
function checkedId(id: string): string {
  const problem = keyProblem(id);
  if (problem) throw new InputError([{ field: 'id', message: problem }]);
  return id;
}

async function exportOf(id: string, context: Context): Promise<Record<string, unknown>> {
  const consumer = await prisma.consumer.findUnique({ where: { id }, include: { addresses: { include: { city: true } } } });
  if (!consumer) throw new NotFoundError('Consumer', 'id');
  // Personal fields as this key may read them (pii:read: as stored), as every other read does.
  const shown = {
    ...consumer,
    ssn: personalValue(context, entities.Consumer, consumer, 'ssn', 'last4', consumer.ssn === null ? null : decryptField(consumer.ssn)),
    birthDate: personalValue(context, entities.Consumer, consumer, 'birthDate', 'hidden', consumer.birthDate),
  };
  // The person's records as erasure finds them (writes/person.ts), read in full.
  const records = await recordsOfPerson(prisma, id, false);
  if (!records) throw new NotFoundError('Consumer', 'id');
  const leads = await prisma.lead.findMany({
    where: { id: { in: records.leadIds } },
    include: { statusHistory: { orderBy: { id: 'asc' } }, favorites: { select: { vin: true } } },
    orderBy: { id: 'asc' },
  });
  const accounts = await prisma.account.findMany({ where: { id: { in: records.accountIds } }, orderBy: { id: 'asc' } });
  const { values, bind } = parameters([]);
  const eventIds = await prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT "id" FROM "WebEvent" WHERE ${eventsOfPerson(records, bind)} ORDER BY "eventTime", "id" LIMIT ${bind(exportedEventsMax + 1)}`,
    ...values,
  );
  const events = await prisma.webEvent.findMany({ where: { id: { in: eventIds.map((row) => row.id) } }, orderBy: [{ eventTime: 'asc' }, { id: 'asc' }] });
  // A record's audit entries from its creation on: an id that an erased record had may be taken
  // again, and the new record's export holds nothing of the old one's.
  const exported = [
    { entity: 'Consumer', records: [consumer] },
    { entity: 'Lead', records: leads },
    { entity: 'Account', records: accounts },
    { entity: 'Address', records: consumer.addresses },
    { entity: 'WebEvent', records: events },
  ];
  const createdAt = new Map(exported.flatMap(({ entity, records }) => records.map((record) => [`${entity}/${record.id}`, record.createdAt] as const)));
  const auditTrail = (
    await prisma.auditEntry.findMany({
      where: { OR: exported.map(({ entity, records }) => ({ entity, recordKey: { in: records.map((record) => record.id) } })) },
      orderBy: { id: 'asc' },
    })
  ).filter((entry) => entry.at >= createdAt.get(`${entry.entity}/${entry.recordKey}`)!);
  return {
    exportedAt: new Date(),
    consumer: plain(shown),
    leads: leads.map(plain),
    accounts: accounts.map(plain),
    // Sensitive properties (an event definition's) as every read shows them: plain with pii:read, masked without.
    webEvents: events.slice(0, exportedEventsMax).map((event) => plain({ ...event, properties: shownProperties(context, event.properties) })),
    webEventsTruncated: events.length > exportedEventsMax,
    auditTrail: auditTrail.map(plain),
  };
}

builder.queryField('exportConsumer', (t) =>
  t.field({
    ...admin,
    type: JSONObjectScalar,
    description: `Everything held about a consumer, as one JSON document (the right of access): the consumer with their addresses, their leads (linked, or with their email) with status histories, the accounts of either, their web events (at most ${exportedEventsMax}, oldest first) and the audit entries of those records. Personal fields as the key may read them. Admin scope`,
    args: { id: t.arg.string({ required: true, description: "The consumer's id" }) },
    resolve: (_root, args, context) => exportOf(checkedId(args.id), context),
  }),
);

const ErasureRef = builder.objectRef<Erasure>('ConsumerErasure').implement({
  description: 'What an erasure changed',
  fields: (t) => ({
    consumerId: t.exposeString('consumerId', { description: 'The consumer deleted' }),
    leads: t.exposeInt('leads', { description: 'Leads kept with every identifying field emptied' }),
    accounts: t.exposeInt('accounts', { description: 'Accounts that lost their anonymous ids and the link to the consumer' }),
    webEvents: t.exposeInt('webEvents', { description: 'Web events that lost their account, anonymous id and properties' }),
    addresses: t.exposeInt('addresses', { description: 'Addresses deleted (those no one else uses)' }),
  }),
});

builder.mutationField('eraseConsumer', (t) =>
  t.field({
    ...admin,
    type: ErasureRef,
    description:
      'Erases a consumer (the right to be forgotten): deletes them and their addresses, empties the identifying fields of their leads, takes the anonymous ids and consumer link off their accounts and the identifiers and properties off their events and webhook payloads, and leaves audit entries without values. It cannot be undone. Admin scope',
    args: { id: t.arg.string({ required: true, description: "The consumer's id" }) },
    resolve: (_root, args, context) => eraseConsumer(checkedId(args.id), context.writer),
  }),
);
