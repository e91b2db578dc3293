-- The reps a lead of this credit score may be assigned (the rule of credit_scores_as_numbers, in one
-- place): accepting new leads, not paused, not in the trash, with a band covering the score (a score
-- that is no number: a band marked isUnknown). A SQL function PostgreSQL inlines into its caller.
CREATE FUNCTION "sales_reps_eligible"(numeric_score numeric) RETURNS SETOF "SalesRep" LANGUAGE sql STABLE AS $$
  SELECT r.* FROM "SalesRep" AS r
  WHERE r."isAcceptingNewLeads" AND r."paused" IS NOT TRUE AND r."deletedAt" IS NULL
    AND EXISTS (
      SELECT 1 FROM "_SalesRepCreditBands" AS j JOIN "CreditBand" AS b ON b."id" = j."A"
      WHERE j."B" = r."id" AND CASE
        WHEN numeric_score IS NULL THEN b."isUnknown" IS TRUE
        ELSE b."isUnknown" IS NOT TRUE
          AND numeric_score BETWEEN coalesce(b."minimumCreditScore"::numeric, '-Infinity'::numeric)
                                AND coalesce(b."maximumCreditScore"::numeric, 'Infinity'::numeric)
      END)
$$;

-- The lock that makes concurrent picks take turns is held until the create commits, so every create
-- of a lead without a rep waited for the one before it, also when no rep could be picked at all (no
-- rep accepting, none with a band for the score): 3-7x fewer such creates a second on 10
-- connections. A create for which no rep is eligible now returns at once, without the lock; one
-- with an eligible rep takes turns as before. A rep made eligible while the check runs is the same
-- as one made eligible just after the create.
CREATE OR REPLACE FUNCTION "assign_sales_rep"(score text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  chosen text;
  -- Surrounding white space of any kind (the regex's \s: tabs, U+2003, U+00A0) is no part of it.
  bare text := regexp_replace(score, '^\s+|\s+$', '', 'g');
  numeric_score numeric := CASE WHEN bare ~ '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,4})?$' THEN bare::numeric END;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "sales_reps_eligible"(numeric_score)) THEN
    RETURN NULL;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('commerce-graph lead assignment'));
  -- A new snapshot, taken under the lock: the turns of the creates that held it before are seen.
  SELECT r."id" INTO chosen FROM "sales_reps_eligible"(numeric_score) AS r
  ORDER BY r."lastAssignment" NULLS FIRST, r."id"
  LIMIT 1;
  IF chosen IS NOT NULL THEN
    -- Under the lock, so no two assignments get one number.
    UPDATE "SalesRep" SET "lastAssignment" = (SELECT coalesce(max("lastAssignment"), 0) + 1 FROM "SalesRep") WHERE "id" = chosen;
  END IF;
  RETURN chosen;
END
$$;
