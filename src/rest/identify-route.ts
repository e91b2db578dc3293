// POST /api/identify {"accountId", "anonymousId"}: the identify mutation (schema/identify.ts) over
// REST, through the same pipeline (key, scopes, errors in the ErrorModel). Answers the account as a
// Payload document: `{doc, message}`.
import { parse, type ExecutionResult } from 'graphql';
import { errorModel, jsonResponse } from '../http/error-response.js';
import { entities } from '../model/entities.js';
import { restError } from './errors.js';
import { readJsonBody } from './read-body.js';
import { selectionFor } from './selection.js';
import { toDocument } from './to-document.js';
import { unknownKeys } from './unknown-keys.js';

type Row = Record<string, unknown>;
type Run = (document: ReturnType<typeof parse>, variables: Row) => Promise<ExecutionResult<{ result: unknown }>>;

const fields = ['accountId', 'anonymousId'];

const document = parse(`mutation RestIdentify($accountId: String!, $anonymousId: String!) {
  result: identify(accountId: $accountId, anonymousId: $anonymousId) { ${selectionFor(entities.Account, 0)} }
}`);

export async function handleIdentify(request: Request, bodyLimitBytes: number, run: Run): Promise<Response> {
  const json = jsonResponse;
  if (request.method !== 'POST') return json(405, errorModel(405, 'Method Not Allowed: use POST'), { allow: 'POST' });
  const read = await readJsonBody(request, bodyLimitBytes);
  if ('error' in read) return json(read.status, read.error);
  const body = read.body as Row;
  const problems = unknownKeys(body, fields);
  if (problems.length > 0) return json(400, errorModel(400, problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '), { problems }));
  const result = await run(document, { accountId: body.accountId, anonymousId: body.anonymousId });
  if (result.errors?.length) {
    const { status, body: error, headers } = restError(result.errors.map((each) => each.toJSON()));
    return json(status, error, headers);
  }
  return json(200, { doc: toDocument(entities.Account, result.data?.result as Row, 0, 'payload'), message: 'Anonymous id linked to the account.' });
}
