// A new lead given without a sales rep gets one, by round robin: of the reps that accept new leads,
// are not paused nor in the trash, and have a credit band covering the lead's credit score (a
// score that is no number goes to reps with a band marked isUnknown), the one whose last assigned
// lead is the oldest (never assigned first, then by id). The pick is the database function
// assign_sales_rep (migration lead_assignment), called by the INSERT of the lead itself: it takes
// a transaction-level advisory lock, so concurrent creates take their turns one after another and
// each sees the turns before it, and the write stays one statement.
import type { EntityDescription } from '../model/entity.js';

const assigned = new Map([['salesRepId', 'COALESCE("salesRepId", "assign_sales_rep"("creditScore"))']]);

/**
 * The records of `entity` that take no new work: a sales rep not accepting new leads or paused.
 * A lead is given one by hand only with `forceAssignment` (writes/plan.ts); a rep whose
 * `isAcceptingNewLeads` is not set is not refused (it is only never picked by round robin).
 */
export const closedToWork = (entity: EntityDescription) => (entity.name === 'SalesRep' ? '("isAcceptingNewLeads" IS FALSE OR "paused" IS TRUE)' : 'false');

/**
 * What values written to a record of `entity` do to its taking new work (as closedToWork reads
 * it): close it, reopen it, or neither (undefined). Only sales reps take work.
 */
export function changesWorkState(entity: EntityDescription, values: Record<string, unknown>): 'closes' | 'reopens' | undefined {
  if (entity.name !== 'SalesRep') return undefined;
  if (values.isAcceptingNewLeads === false || values.paused === true) return 'closes';
  if (values.isAcceptingNewLeads === true || values.paused === false) return 'reopens';
  return undefined;
}

/** The columns a create of `entity` computes: a lead's sales rep when it gives none. */
export const assignedColumns = (entity: EntityDescription) => (entity.name === 'Lead' ? assigned : undefined);
