// API keys: made with enough randomness that a SHA-256 hash is a safe way to store them, shown
// once, revocable. Lookups are cached briefly so an authenticated request costs no extra query;
// a revocation therefore takes effect within `cacheMilliseconds` in other processes, or at once
// in every replica when they share Redis (auth/key-revocations.ts empties their caches).
import { createHash, randomBytes } from 'node:crypto';
import { prisma } from '../db.js';
import { hearsAnnouncements } from '../redis.js';
import { ConflictError } from '../errors.js';
import { newId } from '../writes/new-id.js';
import { announceRevocation, onRevocation } from './key-revocations.js';
import { isLocalAdminToken, localAdminKey } from './local-admin.js';
import type { Scope } from './scopes.js';

export interface ApiKey {
  id: string;
  name: string;
  scopes: Scope[];
}

export const cacheMilliseconds = 10_000;
const cache = new Map<string, { key: ApiKey | null; expires: number }>();
let listening = false;

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function createApiKey(name: string, scopes: Scope[]): Promise<{ key: ApiKey; secret: string }> {
  const secret = `cg_${randomBytes(24).toString('base64url')}`;
  const id = newId('key_');
  try {
    await prisma.apiKey.create({ data: { id, name, scopes, prefix: secret.slice(0, 7), hash: hashOf(secret) } });
  } catch (error) {
    if ((error as { code?: string }).code !== 'P2002') throw error;
    // A revoked key keeps its name (apikey:list shows it, revoked): revoking frees no name.
    const taken = await prisma.apiKey.findUnique({ where: { name }, select: { revokedAt: true } });
    throw new ConflictError(
      'name',
      taken?.revokedAt
        ? 'this name belongs to a revoked API key, and names are not reused: choose another'
        : 'an API key with this name exists already: choose another name',
    );
  }
  return { key: { id, name, scopes }, secret };
}

/**
 * Revokes the key with this name or id; resolves with whether there was one to revoke. Its webhook
 * endpoints go with it, and their deliveries: only their own key may manage them, so a revoked
 * key's endpoints would otherwise receive changes for ever with nobody to stop them (outside attack D7).
 */
export async function revokeApiKey(nameOrId: string): Promise<boolean> {
  const live = await prisma.apiKey.findMany({ where: { OR: [{ name: nameOrId }, { id: nameOrId }], revokedAt: null }, select: { id: true } });
  const ids = live.map((key) => key.id);
  const [{ count }] = await prisma.$transaction([
    prisma.apiKey.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: new Date() } }),
    prisma.webhookEndpoint.deleteMany({ where: { apiKeyId: { in: ids } } }),
  ]);
  cache.clear();
  if (count > 0) await announceRevocation();
  return count > 0;
}

export function listApiKeys() {
  return prisma.apiKey.findMany({
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, revokedAt: true },
    orderBy: { createdAt: 'asc' },
  });
}

/** The live key whose secret this is, or null. */
export async function findApiKey(secret: string): Promise<ApiKey | null> {
  if (isLocalAdminToken(secret)) return localAdminKey;
  if (!listening) {
    listening = true;
    onRevocation(() => cache.clear());
  }
  const hash = hashOf(secret);
  const cached = cache.get(hash);
  // While Redis is away a revocation elsewhere may go unheard: the database answers instead.
  if (cached && cached.expires > Date.now() && hearsAnnouncements()) return cached.key;
  const row = await prisma.apiKey.findUnique({ where: { hash }, select: { id: true, name: true, scopes: true, revokedAt: true } });
  const key = row && !row.revokedAt ? { id: row.id, name: row.name, scopes: row.scopes as Scope[] } : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(hash, { key, expires: Date.now() + cacheMilliseconds });
  return key;
}
