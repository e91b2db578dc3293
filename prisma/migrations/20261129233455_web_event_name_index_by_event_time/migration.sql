-- DropIndex
DROP INDEX "WebEvent_name_createdAt_idx";
