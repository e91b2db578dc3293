// A lead's status history (written by the write core: writes/trail.ts) and the status
// configuration it follows (model/lead-statuses.ts), so a client can see which moves it may make.
import { builder } from '../builder.js';
import { leadStatuses } from '../model/lead-statuses.js';
import { DateTimeScalar } from './scalars.js';

export const LeadStatusChange = builder.prismaObject('LeadStatusChange', {
  description: "One change of a lead's processStatuses",
  select: { id: true },
  fields: (t) => ({
    from: t.exposeString('fromStatus', { nullable: true, description: 'The status before (null for a new lead)' }),
    to: t.exposeString('toStatus', { nullable: true, description: 'The status after' }),
    reason: t.exposeString('reason', { nullable: true, description: 'The reason the lead had after the change' }),
    changedBy: t.exposeString('changedBy', { description: 'The name of the API key that made the change, or "public"' }),
    changedAt: t.expose('changedAt', { type: DateTimeScalar, description: 'When' }),
  }),
});

const LeadStatus = builder.objectRef<string>('LeadStatus').implement({
  description: 'A status a lead may have, from the configuration (LEAD_STATUSES_FILE)',
  fields: (t) => ({
    name: t.string({ resolve: (name) => name }),
    closing: t.boolean({ description: 'Ends the process: moving here needs a reason', resolve: (name) => leadStatuses.isClosing(name) }),
    movesTo: t.stringList({ description: 'The statuses a lead may move to from this one', resolve: (name) => leadStatuses.movesFrom(name) }),
  }),
});

builder.queryField('leadStatuses', (t) =>
  t.field({
    type: [LeadStatus],
    description: 'The statuses a lead may have, in process order (a new lead without one gets the first), and the moves between them',
    resolve: () => leadStatuses.names,
  }),
);
