// A new lead given without a sales rep gets one, by round robin: of the reps that accept new leads,
// are not paused nor in the trash, and have a credit band covering the lead's credit score (a
// score that is no number goes to reps with a band marked isUnknown), the one whose last assigned
// lead is the oldest (never assigned first, then by id). The pick is the database function
// assign_sales_rep (migration lead_assignment), called by the INSERT of the lead itself: it takes
// a transaction-level advisory lock, so concurrent creates take their turns one after another and
// each sees the turns before it, and the write stays one statement. A lead no rep qualifies for
// takes no turn and does not wait for the lock (migration assignment_lock_only_when_a_rep_is_eligible).
import type { EntityDescription } from '../model/entity.js';

const assigned = new Map([['salesRepId', 'COALESCE("salesRepId", "assign_sales_rep"("creditScore"))']]);

/** Whether a sales rep is closed to new work, flag by flag, as stored. */
export interface WorkState {
  notAccepting: boolean;
  paused: boolean;
}

/**
 * The stored flags of a record of `entity` that close it to new work (a sales rep not accepting
 * new leads, or paused), as columns "notAccepting" and "paused" of a read of its table. A lead is
 * given such a rep by hand only with `forceAssignment` (writes/plan.ts); a rep whose
 * `isAcceptingNewLeads` is not set is not refused (it is only never picked by round robin).
 */
export const workStateColumns = (entity: EntityDescription) =>
  entity.name === 'SalesRep' ? '"isAcceptingNewLeads" IS FALSE AS "notAccepting", "paused" IS TRUE AS "paused"' : 'false AS "notAccepting", false AS "paused"';

/**
 * Whether a record of `entity` is closed to new work once `values` are written to it (a nested
 * object may close or reopen it): each flag as written, or as stored when the write leaves it.
 */
export function closedAfter(entity: EntityDescription, values: Record<string, unknown>, stored: WorkState | undefined): boolean {
  if (entity.name !== 'SalesRep') return false;
  const notAccepting = 'isAcceptingNewLeads' in values ? values.isAcceptingNewLeads === false : (stored?.notAccepting ?? false);
  const paused = 'paused' in values ? values.paused === true : (stored?.paused ?? false);
  return notAccepting || paused;
}

/** The columns a create of `entity` computes: a lead's sales rep when it gives none. */
export const assignedColumns = (entity: EntityDescription) => (entity.name === 'Lead' ? assigned : undefined);
