-- AlterTable
ALTER TABLE "WebEvent" ADD COLUMN     "eventTime" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "properties" JSONB,
ADD COLUMN     "propertiesIndex" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "sentAt" TIMESTAMP(3),
ADD COLUMN     "timestamp" TIMESTAMP(3);

-- Events stored before these columns existed were received when they were created, and had no
-- client times to correct.
UPDATE "WebEvent" SET "receivedAt" = "createdAt", "eventTime" = "createdAt";

-- CreateIndex
CREATE INDEX "WebEvent_eventTime_id_idx" ON "WebEvent"("eventTime", "id");

-- CreateIndex
CREATE INDEX "WebEvent_name_eventTime_idx" ON "WebEvent"("name", "eventTime");

-- CreateIndex
CREATE INDEX "WebEvent_propertiesIndex_idx" ON "WebEvent" USING GIN ("propertiesIndex");
