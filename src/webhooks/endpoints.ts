// Webhook endpoints and their deliveries, as the key that registered them manages them: an
// endpoint belongs to one API key and only that key sees it, its deliveries and replays them.
import { decryptField, encryptField } from '../auth/field-encryption.js';
import { config } from '../config.js';
import { prisma } from '../db.js';
import { ConflictError, InputError, NotFoundError } from '../errors.js';
import { maxListLength } from '../model/validate.js';
import { newId } from '../writes/new-id.js';
import { webhookEventTypes, type WebhookEventType } from '../writes/outbox.js';
import { outboundUrlProblem } from './outbound-url.js';
import { newWebhookSecret } from './signature.js';

const endpointColumns = { id: true, url: true, events: true, createdAt: true } as const;

// No id holds a NUL, which PostgreSQL cannot even compare (it would fail the statement): such an id names nothing.
const namesNothing = (id: string) => id.includes('\0');

export async function createEndpoint(apiKeyId: string, url: string, events: WebhookEventType[]) {
  const problems = [];
  const urlProblem = await outboundUrlProblem(url, config.webhooks.allowPrivateUrls);
  if (urlProblem) problems.push({ field: 'url', message: urlProblem });
  if (events.length === 0 || events.some((event) => !webhookEventTypes.includes(event))) {
    problems.push({ field: 'events', message: `must name at least one of ${webhookEventTypes.join(', ')}` });
  } else if (events.length > maxListLength) {
    problems.push({ field: 'events', message: `must have at most ${maxListLength} items` });
  }
  if (problems.length > 0) throw new InputError(problems);
  const secret = newWebhookSecret();
  const endpoint = await prisma.webhookEndpoint.create({
    data: { id: newId('whk_'), apiKeyId, url, events: [...new Set(events)], secret: encryptField(secret) },
    select: endpointColumns,
  });
  return { endpoint, secret };
}

export const listEndpoints = (apiKeyId: string) =>
  prisma.webhookEndpoint.findMany({ where: { apiKeyId }, select: endpointColumns, orderBy: { createdAt: 'asc' } });

/** Deletes the key's endpoint, and with it its deliveries, sent or not. */
export async function deleteEndpoint(apiKeyId: string, id: string): Promise<boolean> {
  if (namesNothing(id)) return false;
  const { count } = await prisma.webhookEndpoint.deleteMany({ where: { id, apiKeyId } });
  return count > 0;
}

const deliveryColumns = {
  id: true,
  endpointId: true,
  eventId: true,
  type: true,
  payload: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastError: true,
  deliveredAt: true,
  createdAt: true,
} as const;

export const deliveryStatuses = ['pending', 'delivered', 'dead'] as const;

/** The most deliveries one answer lists, and how many when the caller does not say. */
export const deliveryLimits = { default: 50, max: 1000 };

export async function listDeliveries(apiKeyId: string, endpointId: string, status: string | null | undefined, first: number) {
  if (namesNothing(endpointId) || !(await prisma.webhookEndpoint.findFirst({ where: { id: endpointId, apiKeyId }, select: { id: true } })))
    throw new NotFoundError('WebhookEndpoint', 'endpointId');
  return prisma.webhookDelivery.findMany({
    where: { endpointId, ...(status && { status }) },
    select: deliveryColumns,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: first,
  });
}

/** Sends a delivery again from its first attempt (a dead one, or one delivered that the receiver lost). */
export async function replayDelivery(apiKeyId: string, id: string) {
  if (namesNothing(id)) throw new NotFoundError('WebhookDelivery', 'id');
  const now = new Date();
  // Not under a live lease (outside attack D6): clearing it would let a second dispatcher send the
  // delivery while the first still is, and the first's result would then overwrite the replay's.
  const { count } = await prisma.webhookDelivery.updateMany({
    where: { id, endpoint: { apiKeyId }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
    data: { status: 'pending', attempts: 0, nextAttemptAt: now, lockedUntil: null, lastError: null, deliveredAt: null },
  });
  if (count === 0) {
    const held = await prisma.webhookDelivery.count({ where: { id, endpoint: { apiKeyId } } });
    if (held === 0) throw new NotFoundError('WebhookDelivery', 'id');
    throw new ConflictError(
      'id',
      `this delivery is being sent now: replay it once that attempt has ended (within WEBHOOK_TIMEOUT_MS, ${config.webhooks.timeoutMilliseconds} ms)`,
    );
  }
  return prisma.webhookDelivery.findUniqueOrThrow({ where: { id }, select: deliveryColumns });
}

export const secretOf = (stored: string) => decryptField(stored);
