// The audit trail keeps AUDIT_RETENTION_DAYS of entries: older ones are deleted every hour by the
// server (server.ts) and on demand by an admin (pruneAuditTrail).
import { config } from '../config.js';
import { prisma } from '../db.js';

/** Deletes the entries older than the retention; resolves with how many. */
export async function pruneAuditTrail(days = config.auditRetentionDays): Promise<number> {
  const { count } = await prisma.auditEntry.deleteMany({ where: { at: { lt: new Date(Date.now() - days * 24 * 60 * 60 * 1000) } } });
  return count;
}
