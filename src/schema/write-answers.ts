// What a mutation answers after its write (writes/policy.ts): the stored record to a caller who
// may read, otherwise the record as it wrote it (keys and what it sent). Personal values it sent
// are noted either way, so their fields may echo them back to it.
import { noteSent } from '../auth/personal-data.js';
import type { Context } from '../context.js';
import type { EntityDescription } from '../model/entity.js';
import type { Key } from '../model/keys.js';
import { answerOf, keyOnly } from '../writes/answer.js';
import { eachNode } from '../writes/plan.js';
import { mayReadStored } from '../writes/policy.js';
import type { WriteOutcome } from '../writes/write.js';

type Done = Extract<WriteOutcome, { status: 'written' | 'repeat' }>;

export const keyWritten = (outcome: Done): Key => (outcome.status === 'written' ? (outcome.plan.newKey ?? outcome.plan.key) : outcome.key);

/**
 * Tells plugin-prisma that the selection it prepared was not forgotten: the answer is built (or
 * null) instead of read. Reading the query is how it knows, instead of warning that a resolver
 * forgot to use it.
 */
export function answeredWithoutReading(query: object): void {
  void { ...query };
}

/**
 * The columns plugin-prisma's `query` selects when it selects nothing but columns of the record
 * (no relation, no count): then the write can return them itself, and no read follows it.
 */
export function columnsOnly(query: { select?: Record<string, unknown> }): string[] | undefined {
  const { select, ...rest } = query;
  if (!select || Object.keys(rest).length > 0 || !Object.values(select).every((value) => value === true)) return undefined;
  return Object.keys(select);
}

/**
 * The answer to a write; `readStored` reads the record, with plugin-prisma's `query`, for a caller
 * who may read. `depth`: the answer of a caller who may not read shows related records this many
 * relations deep (REST's depth), and no deeper ones are built. Without it, every record the write
 * wrote (GraphQL's selection may go anywhere). Personal values are noted for every record written
 * either way: another answer of the request may show the record nearer its top.
 */
export async function answerWrite<T>(
  context: Pick<Context, 'sent' | 'writer'>,
  entity: EntityDescription,
  outcome: Done,
  query: object,
  readStored: (key: Key) => T | Promise<T>,
  depth = Number.POSITIVE_INFINITY,
) {
  if (outcome.status === 'written') {
    eachNode(outcome.plan, (node) => {
      if (node.intent !== 'reference') noteSent(context.sent, node.entity, node.newKey ?? node.key, node.values, node.sensitive);
    });
  }
  if (mayReadStored(context.writer)) return readStored(keyWritten(outcome));
  answeredWithoutReading(query);
  return outcome.status === 'written' ? answerOf(outcome.plan, outcome.stamps, depth) : keyOnly(entity, outcome.key);
}
