// PATCH and DELETE on a collection with `where`: Payload's bulk update and delete. The filter's
// documents are counted, then changed by the GraphQL bulk mutation (schema/bulk.ts: one
// transaction, each document its own write under the write core's rules), and answered as Payload
// answers: `{docs, errors: [{id, message}], message}`, 200 when every document was written, 400
// (with the ErrorModel's fields too) when some were not.
import { Response } from '../http/response.js';
import { errorModel, jsonResponse } from '../http/error-response.js';
import type { EntityDescription } from '../model/entity.js';
import { maxRecordsPerRequest } from '../writes/write.js';
import { restPath } from './errors.js';
import { countDocuments, type RunDocument } from './long-list.js';

type Row = Record<string, unknown>;
interface BulkError {
  key: string[];
  message: string;
  field: string | null;
}

const plural = (entity: EntityDescription, count: number) => {
  const label = entity.name.replace(/(?<=[a-z])(?=[A-Z])/g, ' ');
  return count === 1 ? label : label.replace(/y$/, 'ie').concat('s');
};

/** A document's id as REST shows it: the key, or a city's `{name, state}`. */
const idOf = (entity: EntityDescription, key: string[]) => (entity.name === 'City' ? { name: key[1], state: key[0] } : key[0]);

export async function answerBulk(
  run: RunDocument,
  operation: Parameters<RunDocument>[0],
  verb: 'update' | 'delete',
  entity: EntityDescription,
  variables: Row,
  render: (row: Row) => Row,
  envelope: (body: Row, success: boolean) => unknown,
  failed: (errors: readonly unknown[]) => Response,
): Promise<Response> {
  const total = await countDocuments(run, entity, variables.where);
  if (total instanceof Response) return total;
  const past = verb === 'update' ? 'Updated' : 'Deleted';
  if (total === 0) return jsonResponse(200, envelope({ docs: [], errors: [], message: `${past} 0 ${plural(entity, 0)} successfully.` }, true));
  if (total > maxRecordsPerRequest) {
    const message = `matches ${total} documents; one request changes at most ${maxRecordsPerRequest}: nothing was changed`;
    return jsonResponse(400, errorModel(400, `where: ${message}`, { problems: [{ field: 'where', message }] }));
  }
  // The mutation refuses a filter that matches more than `limit` (others added some meanwhile).
  const result = await run(operation, { ...variables, limit: total });
  if (result.errors?.length) return failed(result.errors);
  const { docs, errors } = (result.data?.result ?? { docs: [], errors: [] }) as { docs: Row[]; errors: BulkError[] };
  const listed = errors.map((error) => ({
    id: idOf(entity, error.key),
    message: error.field ? `${restPath(error.field) || 'body'}: ${error.message.replace(`${error.field}: `, '')}` : error.message,
    ...(error.field && restPath(error.field) && { field: restPath(error.field) }),
  }));
  const body = { docs: docs.map(render), errors: listed };
  if (listed.length === 0)
    return jsonResponse(200, envelope({ ...body, message: `${past} ${docs.length} ${plural(entity, docs.length)} successfully.` }, true));
  const message = `Unable to ${verb} ${listed.length} out of ${listed.length + docs.length} ${plural(entity, listed.length + docs.length)}`;
  return jsonResponse(400, { ...(envelope({ ...body, message }, false) as Row), ...errorModel(400, message), errors: listed });
}
