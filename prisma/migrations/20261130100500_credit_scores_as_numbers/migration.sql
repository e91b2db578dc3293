-- A credit score is a number when it is written as one in any of the usual ways ("750", " +750 ",
-- "7.5e2", "-5", "90003"), not only as unsigned digits: such a score is compared with the bands'
-- limits (and one no band covers leaves the lead without a rep), never sent to the reps of the
-- isUnknown band. It is read as numeric, so an exponent of up to four digits ("1e9999", "1e-9999")
-- compares rather than overflowing. Anything else ("excellent", "NaN", "") is no number: the isUnknown band's reps.
CREATE OR REPLACE FUNCTION "assign_sales_rep"(score text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  chosen text;
  -- Surrounding white space of any kind (the regex's \s: tabs, U+2003, U+00A0) is no part of it.
  bare text := regexp_replace(score, '^\s+|\s+$', '', 'g');
  numeric_score numeric := CASE WHEN bare ~ '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,4})?$' THEN bare::numeric END;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('commerce-graph lead assignment'));
  SELECT r."id" INTO chosen FROM "SalesRep" AS r
  WHERE r."isAcceptingNewLeads" AND r."paused" IS NOT TRUE AND r."deletedAt" IS NULL
    AND EXISTS (
      SELECT 1 FROM "_SalesRepCreditBands" AS j JOIN "CreditBand" AS b ON b."id" = j."A"
      WHERE j."B" = r."id" AND CASE
        WHEN numeric_score IS NULL THEN b."isUnknown" IS TRUE
        ELSE b."isUnknown" IS NOT TRUE
          AND numeric_score BETWEEN coalesce(b."minimumCreditScore"::numeric, '-Infinity'::numeric)
                                AND coalesce(b."maximumCreditScore"::numeric, 'Infinity'::numeric)
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
