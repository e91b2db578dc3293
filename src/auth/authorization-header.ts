import { keyPlaceholder } from '../graphiql.js';

// GraphiQL opens with this header filled in to show where the key goes, and sends it with its first
// requests (the schema's introspection) before anyone could replace it: it stands for no key, so
// the page opens without a 401 and the placeholder does not count as a failed try at a key.
const placeholder = new RegExp(`^(Bearer\\s+)?${keyPlaceholder}$`, 'i');

/**
 * The key in an Authorization header, in any of the forms clients use: the bare key, `Bearer
 * <key>`, or Payload's `<collection> API-Key <key>` (`users API-Key <key>`). Undefined without one.
 */
export function keyFromAuthorization(header: string | null): string | undefined {
  const value = header?.trim();
  if (!value || placeholder.test(value)) return undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(value);
  if (bearer) return bearer[1];
  const payload = /^\S+\s+API-Key\s+(\S+)$/i.exec(value);
  if (payload) return payload[1];
  return /^\S+$/.test(value) ? value : '';
}
