/**
 * The key in an Authorization header, in any of the forms clients use: the bare key, `Bearer
 * <key>`, or Payload's `<collection> API-Key <key>` (`users API-Key <key>`). Undefined without one.
 */
export function keyFromAuthorization(header: string | null): string | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(value);
  if (bearer) return bearer[1];
  const payload = /^\S+\s+API-Key\s+(\S+)$/i.exec(value);
  if (payload) return payload[1];
  return /^\S+$/.test(value) ? value : '';
}
