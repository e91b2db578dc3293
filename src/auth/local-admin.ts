// A token for administering the running server from the same machine: made at each start and
// written only to the data directory's lock file (mode 0600), it lets `npm run apikey:*` manage
// keys through the server while the server holds the embedded database.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { scopes } from './scopes.js';

let token: Buffer | undefined;

export const localAdminKey = { id: 'local-admin', name: 'local administration', scopes: [...scopes] };

export function startLocalAdmin(): string {
  const secret = `cg_admin_${randomBytes(24).toString('base64url')}`;
  token = Buffer.from(secret);
  return secret;
}

export function isLocalAdminToken(secret: string): boolean {
  const given = Buffer.from(secret);
  return token !== undefined && given.length === token.length && timingSafeEqual(given, token);
}
