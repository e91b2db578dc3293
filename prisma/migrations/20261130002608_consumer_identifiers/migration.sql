-- AlterTable
ALTER TABLE "Consumer" ADD COLUMN     "emailKey" TEXT,
ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "phoneKey" TEXT;

-- CreateIndex
CREATE INDEX "Consumer_emailKey_idx" ON "Consumer"("emailKey");

-- CreateIndex
CREATE INDEX "Consumer_phoneKey_idx" ON "Consumer"("phoneKey");

-- CreateIndex
CREATE INDEX "Consumer_externalId_idx" ON "Consumer"("externalId");

-- Consumers stored before: their identifiers as the write core now keeps them (src/model/identifiers.ts).
UPDATE "Consumer" SET
  "emailKey" = lower(btrim("email")),
  "phoneKey" = CASE
    WHEN btrim("phoneNumber") LIKE '+1%' OR regexp_replace("phoneNumber", '\D', '', 'g') ~ '^1\d{10}$'
      THEN substr(regexp_replace("phoneNumber", '\D', '', 'g'), 2)
    ELSE regexp_replace("phoneNumber", '\D', '', 'g')
  END;
