// GET /api/leads/<id>/history: a lead's status history (writes/trail.ts), oldest first, as a
// GraphQL query through the same pipeline as every REST call.
import { parse } from 'graphql';
import { listSize } from '../schema/object-fields.js';

export const leadHistoryDocument = parse(`query RestLeadHistory($id: String!, $trash: Boolean) {
  result: lead(id: $id, trash: $trash) { statusHistory(first: ${listSize.max}) { from to reason changedBy changedAt } }
}`);

/** The REST answer: `{ docs, totalDocs }`, as a Payload list without pages. */
export function historyDocument(result: { statusHistory: unknown[] }) {
  return { docs: result.statusHistory, totalDocs: result.statusHistory.length };
}
