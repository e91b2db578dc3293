-- CreateIndex
CREATE INDEX "Consumer_phoneNumbers_idx" ON "Consumer" USING GIN ("phoneNumbers");
