// The audit trail (written by the write core: writes/trail.ts), for keys with the admin scope: by
// record, by the key that wrote, or both; newest first, a page at a time; and its pruning.
import { builder } from '../builder.js';
import { prisma } from '../db.js';
import { InputError } from '../errors.js';
import { entities } from '../model/entities.js';
import { keyProblem } from '../model/validate.js';
import { pruneAuditTrail } from '../writes/audit-retention.js';
import { listPageSize, listSize } from './object-fields.js';
import { DateTimeScalar } from './scalars.js';

const admin = { authScopes: { admin: true }, skipTypeScopes: true } as const;

const AuditEntry = builder.prismaObject('AuditEntry', {
  description: 'One create, update, delete, restore, purge or erasure of a record: who, when, and the names (never the values) of the fields changed',
  select: { id: true },
  fields: (t) => ({
    id: t.string({ description: 'Increases with every entry: pass it as `before` for the next page', resolve: (entry) => String(entry.id) }),
    at: t.expose('at', { type: DateTimeScalar }),
    actor: t.exposeString('actor', { description: 'The name of the API key, or "public" for anonymous ingest' }),
    operation: t.exposeString('operation'),
    entity: t.exposeString('entity'),
    recordKey: t.exposeString('recordKey', { description: "The record's key (a City's: <stateCode>/<name>)" }),
    fields: t.exposeStringList('fields', { description: 'The names of the fields the write gave a new value' }),
  }),
});

const entityNames = new Set<string>(Object.keys(entities));
// The largest id PostgreSQL's bigint holds.
const maxEntryId = 2n ** 63n - 1n;

builder.queryField('auditTrail', (t) =>
  t.prismaField({
    ...admin,
    type: [AuditEntry],
    description: `Audit entries, newest first: of one record (entity and key), of one API key (actor), or of both. At most \`first\` (default ${listSize.default}, at most ${listSize.max})`,
    args: {
      entity: t.arg.string({ description: 'The type, as in the schema: Lead, Consumer, ...' }),
      key: t.arg.string({ description: "The record's key; needs entity" }),
      actor: t.arg.string({ description: 'The API key name (or "public")' }),
      first: t.arg.int(),
      before: t.arg.string({ description: 'The id of the last entry of the page before' }),
    },
    resolve: (query, _root, args) => {
      const problems = [];
      if (!args.actor && !args.entity) problems.push({ field: 'entity', message: 'give entity (and key), actor, or both' });
      if (args.entity && !entityNames.has(args.entity)) problems.push({ field: 'entity', message: `must be one of ${[...entityNames].join(', ')}` });
      if (args.key && !args.entity) problems.push({ field: 'key', message: 'needs entity' });
      if (args.before && !(/^[1-9][0-9]{0,18}$/.test(args.before) && BigInt(args.before) <= maxEntryId)) {
        problems.push({ field: 'before', message: 'must be the id of an audit entry' });
      }
      for (const field of ['key', 'actor'] as const) {
        const problem = args[field] === null || args[field] === undefined ? undefined : keyProblem(args[field]);
        if (problem) problems.push({ field, message: problem });
      }
      if (problems.length > 0) throw new InputError(problems);
      return prisma.auditEntry.findMany({
        ...query,
        where: {
          ...(args.entity && { entity: args.entity }),
          ...(args.key && { recordKey: args.key }),
          ...(args.actor && { actor: args.actor }),
          ...(args.before && { id: { lt: BigInt(args.before) } }),
        },
        orderBy: { id: 'desc' },
        take: listPageSize(args.first),
      });
    },
  }),
);

builder.mutationField('pruneAuditTrail', (t) =>
  t.int({
    ...admin,
    description: 'Deletes the audit entries older than AUDIT_RETENTION_DAYS now (the server also does so every hour); answers how many',
    resolve: () => pruneAuditTrail(),
  }),
);
