// A REST list longer than one GraphQL page (`limit` above PAGE_SIZE_MAX, `limit=0`,
// `pagination=false`): counted first, then read page after page of PAGE_SIZE_MAX documents through
// the same GraphQL operation a short list runs (so the same scopes, masking and cost limit), and
// streamed out as one JSON answer, so the documents never sit in memory together. A list that would
// hold more than REST_LIST_CEILING documents is refused before anything is read, never cut short.
import { endCutOff, type CutOff } from '../http/cut-off.js';
import { log } from '../logger.js';
import type { DocumentNode, ExecutionResult } from 'graphql';
import { config } from '../config.js';
import { errorModel, jsonResponse } from '../http/error-response.js';
import type { EntityDescription } from '../model/entity.js';
import { restError } from './errors.js';
import type { ListArguments } from './list-query.js';
import { operationFor, pageDocsOperation } from './operations.js';

type Row = Record<string, unknown>;
export type RunDocument = (document: DocumentNode, variables: Row) => Promise<ExecutionResult<{ result: unknown }>>;

const failed = (result: ExecutionResult) => {
  const { status, body, headers } = restError(result.errors!.map((error) => ('toJSON' in error ? error.toJSON() : error)));
  return jsonResponse(status, body, headers);
};

/** The number of documents `filter` matches (with `trash`: those in the trash too), or the error answer. */
export async function countDocuments(run: RunDocument, entity: EntityDescription, filter: unknown, trash?: boolean): Promise<number | Response> {
  const result = await run(operationFor('count', entity, 0), { filter, ...(trash !== undefined && { trash }) });
  if (result.errors?.length) return failed(result);
  return (result.data?.result as { totalDocs: number } | undefined)?.totalDocs ?? 0;
}

/** Payload's paging fields for documents [start, end) of `total`, `limit` a page. */
function pagingOf(args: ListArguments, total: number, start: number, end: number) {
  if (args.all) {
    const limit = end - start;
    return { totalDocs: total, limit, totalPages: 1, page: 1, pagingCounter: 1, hasPrevPage: false, hasNextPage: end < total, prevPage: null, nextPage: null };
  }
  const { limit, page } = args;
  const more = page * limit < total;
  return {
    totalDocs: total,
    limit,
    totalPages: Math.ceil(total / limit),
    page,
    pagingCounter: start + 1,
    hasPrevPage: page > 1,
    hasNextPage: more,
    prevPage: page > 1 ? page - 1 : null,
    nextPage: more ? page + 1 : null,
  };
}

export async function answerLongList(
  run: RunDocument,
  entity: EntityDescription,
  depth: number,
  args: ListArguments,
  render: (row: Row) => Row,
  envelope: (page: Row) => unknown,
  cutOff: CutOff,
  trash?: boolean,
): Promise<Response> {
  const total = await countDocuments(run, entity, args.filter, trash);
  if (total instanceof Response) return total;
  const ceiling = config.restListCeiling;
  const start = args.all ? 0 : (args.page - 1) * args.limit;
  const end = Math.min(args.limit === 0 ? total : start + args.limit, total);
  if (args.limit === 0 && total > ceiling) {
    const message = `the filter matches ${total} documents, more than one answer holds (${ceiling}): give a limit, or page through them with limit and page`;
    return jsonResponse(400, errorModel(400, `limit: ${message}`, { problems: [{ field: 'limit', message }] }));
  }
  // The answer's JSON around its docs, which are written into it as they are read.
  const [head, tail] = JSON.stringify(envelope({ docs: [], ...pagingOf(args, total, start, end) })).split('"docs":[]');
  const size = config.pageSize.max;
  const encoder = new TextEncoder();
  let offset = start;
  let first = true;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${head}"docs":[`));
    },
    async pull(controller) {
      if (offset >= end) {
        controller.enqueue(encoder.encode(`]${tail}`));
        controller.close();
        return;
      }
      // The page of `size` that holds `offset`; the documents before `offset` or from `end` on are left.
      const page = Math.floor(offset / size) + 1;
      const result = await run(pageDocsOperation(entity, depth), {
        filter: args.filter,
        orderBy: args.orderBy,
        limit: size,
        page,
        ...(trash !== undefined && { trash }),
      });
      if (result.errors?.length) {
        // The status is sent: the answer is cut off (http/cut-off.ts), so that it does not parse as a whole list.
        log.error({ code: result.errors[0].extensions?.code }, 'a part of a long list failed');
        endCutOff(controller, cutOff);
        return;
      }
      const docs = ((result.data?.result as { docs: Row[] } | undefined)?.docs ?? []).slice(offset - (page - 1) * size, end - (page - 1) * size);
      // Fewer documents than counted (others deleted them meanwhile): the list ends here.
      offset = docs.length === 0 ? end : offset + docs.length;
      const text = docs.map((doc) => JSON.stringify(render(doc))).join(',');
      if (text) controller.enqueue(encoder.encode(first ? text : `,${text}`));
      first &&= !text;
    },
  });
  return new Response(stream, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
}
