-- AlterTable
ALTER TABLE "WebEvent" ADD COLUMN     "consumerId" TEXT,
ADD COLUMN     "customerIdentifier" TEXT,
ADD COLUMN     "dedupeKey" TEXT;

-- CreateTable
CREATE TABLE "EventDefinition" (
    "name" TEXT NOT NULL,
    "description" TEXT,
    "properties" JSONB NOT NULL,
    "addCustomerIfNotExists" BOOLEAN,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT,
    "updatedBy" TEXT,

    CONSTRAINT "EventDefinition_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "EventDefinition_createdAt_name_idx" ON "EventDefinition"("createdAt", "name");

-- CreateIndex
CREATE UNIQUE INDEX "WebEvent_dedupeKey_key" ON "WebEvent"("dedupeKey");

-- CreateIndex
CREATE INDEX "WebEvent_consumerId_idx" ON "WebEvent"("consumerId");
