// Relations whose target may not exist yet: a web event arrives before the CRM syncs the account,
// lead or consumer it names (issue: "events arrive before the CRM syncs"). They stay Prisma
// relations, so nested reads fold into one joined query, but the database gets no foreign-key
// constraint for them. Prisma has no per-relation switch for this (prisma/prisma#15744), so the
// migration generator removes these constraints from the SQL it writes.
export const softReferenceConstraints = ['WebEvent_accountId_fkey', 'Account_consumerId_fkey', 'Account_leadId_fkey', 'WebEvent_consumerId_fkey'] as const;

/** Drops the `-- AddForeignKey` statements of soft references from a generated migration. */
export function stripSoftReferenceConstraints(sql: string): string {
  return sql
    .split(/\n(?=-- )/)
    .filter((statement) => !softReferenceConstraints.some((name) => statement.includes(`"${name}"`)))
    .join('\n');
}
