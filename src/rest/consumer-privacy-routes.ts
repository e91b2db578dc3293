// GET /api/consumers/<id>/export and POST /api/consumers/<id>/erase: the consumer's rights
// (schema/consumer-privacy.ts) as GraphQL operations run through the same pipeline as every REST call.
import { parse } from 'graphql';
import { crmParameters } from './parameters.js';

export const privacyRoutes = {
  export: { method: 'GET', parameters: crmParameters.export, document: parse('query RestExportConsumer($id: String!) { result: exportConsumer(id: $id) }') },
  erase: {
    method: 'POST',
    parameters: crmParameters.erase,
    document: parse('mutation RestEraseConsumer($id: String!) { result: eraseConsumer(id: $id) { consumerId leads accounts webEvents addresses } }'),
  },
} as const;

export type PrivacyRoute = (typeof privacyRoutes)[keyof typeof privacyRoutes];

const bySegment = new Map<string, PrivacyRoute>(Object.entries(privacyRoutes));

/** The route a path segment names (`export`, `erase`), by a Map: the segment is the caller's. */
export const privacyRoute = (segment: string) => bySegment.get(segment.toLowerCase());
