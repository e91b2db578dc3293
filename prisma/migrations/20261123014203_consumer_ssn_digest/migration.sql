-- AlterTable
ALTER TABLE "Consumer" ADD COLUMN     "ssnDigest" TEXT;

-- CreateIndex
CREATE INDEX "Consumer_ssnDigest_idx" ON "Consumer"("ssnDigest");
