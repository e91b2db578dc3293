-- AlterTable
ALTER TABLE "SalesRep" ADD COLUMN     "lastAssignment" BIGINT,
ADD COLUMN     "paused" BOOLEAN;

-- Lead assignment (src/writes/assignment.ts): the sales rep for a new lead given without one, by
-- round robin among the reps that accept new leads, are not paused or in the trash, and have a
-- credit band covering the lead's credit score (a score that is no number: a band marked
-- isUnknown). A transaction-level advisory lock makes concurrent picks take turns, and each pick
-- reads the turns taken before it (a VOLATILE function's query sees what committed before it ran).
CREATE FUNCTION "assign_sales_rep"(score text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  chosen text;
  numeric_score double precision := CASE WHEN score ~ '^\s*[0-9]{1,5}(\.[0-9]+)?\s*$' THEN trim(score)::double precision END;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('commerce-graph lead assignment'));
  SELECT r."id" INTO chosen FROM "SalesRep" AS r
  WHERE r."isAcceptingNewLeads" AND r."paused" IS NOT TRUE AND r."deletedAt" IS NULL
    AND EXISTS (
      SELECT 1 FROM "_SalesRepCreditBands" AS j JOIN "CreditBand" AS b ON b."id" = j."A"
      WHERE j."B" = r."id" AND CASE
        WHEN numeric_score IS NULL THEN b."isUnknown" IS TRUE
        ELSE b."isUnknown" IS NOT TRUE
          AND numeric_score BETWEEN coalesce(b."minimumCreditScore", '-Infinity') AND coalesce(b."maximumCreditScore", 'Infinity')
      END)
  ORDER BY r."lastAssignment" NULLS FIRST, r."id"
  LIMIT 1;
  IF chosen IS NOT NULL THEN
    -- Under the lock, so no two assignments get one number.
    UPDATE "SalesRep" SET "lastAssignment" = (SELECT coalesce(max("lastAssignment"), 0) + 1 FROM "SalesRep") WHERE "id" = chosen;
  END IF;
  RETURN chosen;
END
$$;
