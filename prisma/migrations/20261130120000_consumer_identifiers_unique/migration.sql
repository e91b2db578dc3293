-- One consumer holds an email or an external id (README "One consumer per email"). A database
-- stored before this rule may hold the same email (or external id) on several consumers: the
-- migration does not fail on them and changes no value a caller sees. The first created holder
-- (by createdAt, then id: the one consumerByIdentifier already answered) keeps the key; the later
-- ones keep their email and externalId as they are, but lose the key (NULL), so the unique
-- indexes can be built. They are still listed, read and updated; a write that sets the email
-- (or external id) of one of them again is refused with 409 while the first holder holds it.

-- AlterTable
ALTER TABLE "Consumer" ADD COLUMN     "externalIdKey" TEXT;

UPDATE "Consumer" SET "externalIdKey" = "externalId" WHERE "externalId" IS NOT NULL;

UPDATE "Consumer" AS c SET "emailKey" = NULL
FROM (
  SELECT id, row_number() OVER (PARTITION BY "emailKey" ORDER BY "createdAt", id) AS position
  FROM "Consumer" WHERE "emailKey" IS NOT NULL
) AS held
WHERE c.id = held.id AND held.position > 1;

UPDATE "Consumer" AS c SET "externalIdKey" = NULL
FROM (
  SELECT id, row_number() OVER (PARTITION BY "externalIdKey" ORDER BY "createdAt", id) AS position
  FROM "Consumer" WHERE "externalIdKey" IS NOT NULL
) AS held
WHERE c.id = held.id AND held.position > 1;

-- DropIndex
DROP INDEX "Consumer_emailKey_idx";

-- CreateIndex
CREATE UNIQUE INDEX "Consumer_emailKey_key" ON "Consumer"("emailKey");

-- CreateIndex
CREATE UNIQUE INDEX "Consumer_externalIdKey_key" ON "Consumer"("externalIdKey");
