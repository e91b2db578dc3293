// identify: the visitor behind an anonymous id logged in as an account. The id is added to the
// account's anonymousIds (never replacing them), through the write core as an update that appends;
// the database's AnonymousIdentity table, kept by a trigger from every account's list, holds each
// anonymous id for one account at most. Claiming one another account holds is a 409 naming both
// accounts (to a key with `read`: a key without it is told only that another account holds it); the id that account already holds is answered as it is (identify is idempotent).
import { builder } from '../builder.js';
import { prisma } from '../db.js';
import { ConflictError, InputError } from '../errors.js';
import { entities } from '../model/entities.js';
import { keyProblem } from '../model/validate.js';
import { isUniqueViolation } from '../mask-error.js';
import type { Key } from '../model/keys.js';
import { mayReadStored } from '../writes/policy.js';
import type { Transaction } from '../writes/sql.js';
import { writeOne } from '../writes/write.js';
import { Account } from './account.js';
import { writeRequest } from './crud.js';
import { answerWrite, columnsOnly } from './write-answers.js';

const entity = entities.Account;

/** The account that holds an anonymous id, or null. */
const holderOf = async (anonymousId: string) =>
  (await prisma.anonymousIdentity.findUnique({ where: { anonymousId }, select: { accountId: true } }))?.accountId ?? null;

/**
 * The 409 for an anonymous id another account holds. A key with `read` is told which account holds
 * it (it could look that up anyway); a key without `read` may not learn who holds what, so it is
 * told only that another account does.
 */
async function heldElsewhere(anonymousId: string, accountId: string, mayRead: boolean, holder?: string | null): Promise<ConflictError | undefined> {
  const held = holder === undefined ? await holderOf(anonymousId) : holder;
  if (!held || held === accountId) return undefined;
  const named = mayRead ? `account ${held}` : 'another account';
  return new ConflictError('anonymousId', `belongs to ${named}, so account ${accountId} cannot claim it (an anonymous id belongs to one account at most)`);
}

builder.mutationField('identify', (t) =>
  t.prismaField({
    type: Account,
    nullable: true,
    description:
      "Links an anonymous id to an account: the visitor who browsed under it logged in. The id is added to the account's anonymousIds (never replacing them); an id another account holds is a 409 naming both accounts (to a key without the read scope, only its own)",
    args: {
      accountId: t.arg.string({ required: true, description: 'The account the visitor logged in to' }),
      anonymousId: t.arg.string({ required: true, description: 'The anonymous id the visitor had before' }),
    },
    resolve: async (query, _root, { accountId, anonymousId }, context) => {
      const problems = [
        ...(keyProblem(accountId) ? [{ field: 'accountId', message: keyProblem(accountId)! }] : []),
        ...(keyProblem(anonymousId) ? [{ field: 'anonymousId', message: keyProblem(anonymousId)! }] : []),
      ];
      if (problems.length > 0) throw new InputError(problems);
      const mayRead = mayReadStored(context.writer);
      const holder = await holderOf(anonymousId);
      const conflict = await heldElsewhere(anonymousId, accountId, mayRead, holder);
      if (conflict) throw conflict;
      // An id the account holds already: an update that gives nothing, which writes nothing (no
      // updatedAt, no audit entry, no webhook) and is answered as one (writes/plan.ts writesSomething).
      const request =
        holder === accountId
          ? writeRequest(context, entity, 'update', {}, 'input', { id: accountId })
          : { ...writeRequest(context, entity, 'update', { anonymousIds: [anonymousId] }, 'input', { id: accountId }), append: ['anonymousIds'] };
      const read = (tx: Transaction, key: Key) => tx.account.findUniqueOrThrow({ ...query, where: { id: key.id } });
      try {
        const { outcome, readBack } = await writeOne(request, mayRead ? { columns: columnsOnly(query), read } : undefined);
        return answerWrite(context, entity, outcome, query, () => readBack) as never;
      } catch (error) {
        // Another request claimed the id for another account between the check and the write.
        // The database's unique index may be what caught it (a P2002 not yet masked).
        if (error instanceof ConflictError || isUniqueViolation(error) || (error as { extensions?: { code?: string } }).extensions?.code === 'CONFLICT') {
          throw (await heldElsewhere(anonymousId, accountId, mayRead)) ?? error;
        }
        throw error;
      }
    },
  }),
);
