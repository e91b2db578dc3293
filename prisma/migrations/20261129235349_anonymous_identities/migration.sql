-- CreateTable
CREATE TABLE "AnonymousIdentity" (
    "anonymousId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AnonymousIdentity_pkey" PRIMARY KEY ("anonymousId")
);

-- CreateIndex
CREATE INDEX "AnonymousIdentity_accountId_idx" ON "AnonymousIdentity"("accountId");

-- The trigger that keeps AnonymousIdentity equal to the accounts' lists: an account's new ids are
-- claimed (another account's id fails the write with a unique violation on the primary key), ids
-- an update leaves out are released, and a deleted account releases all of its ids.
CREATE FUNCTION "claim_anonymous_ids"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM "AnonymousIdentity" AS i
    WHERE i."accountId" = OLD."id"
      AND (TG_OP = 'DELETE' OR NOT (i."anonymousId" = ANY (coalesce(NEW."anonymousIds", '{}'))));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "AnonymousIdentity" ("anonymousId", "accountId", "createdAt")
    SELECT DISTINCT x, NEW."id", now() AT TIME ZONE 'UTC' FROM unnest(NEW."anonymousIds") AS x
    WHERE NOT EXISTS (SELECT 1 FROM "AnonymousIdentity" AS i WHERE i."anonymousId" = x AND i."accountId" = NEW."id");
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Account_claim_anonymous_ids"
AFTER INSERT OR DELETE OR UPDATE OF "anonymousIds" ON "Account"
FOR EACH ROW EXECUTE FUNCTION "claim_anonymous_ids"();

-- Accounts stored before: where two listed one id, the account created first keeps it.
INSERT INTO "AnonymousIdentity" ("anonymousId", "accountId", "createdAt")
SELECT DISTINCT ON (x) x, a."id", a."createdAt" FROM "Account" AS a, unnest(a."anonymousIds") AS x
ORDER BY x, a."createdAt", a."id";
