-- A lead no rep qualifies for (no rep accepting, unpaused, live, with a band covering its score)
-- takes no turn, so it no longer waits for the assignment lock: the lock is held to the end of the
-- transaction of the create that takes it, and every create waited there for the commits of those
-- before it (10 concurrent creates of such leads, the statement alone through pgbench: 130 per
-- second with the lock, 1,300 without it, on a busy machine). The turns themselves are unchanged:
-- when a rep qualifies, the lock is taken and the rep is chosen again under it, from what is
-- committed then. Whether a rep qualifies does not depend on the turns others take under the lock
-- ("lastAssignment" orders the reps, it does not qualify them), and the writes that change it
-- (a rep's flags, its bands) never took the lock: so a create that finds none before the lock is
-- one that ran just before any of them, as it could have been with the lock.
CREATE OR REPLACE FUNCTION "assign_sales_rep"(score text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  chosen text;
  -- Surrounding white space of any kind (the regex's \s: tabs, U+2003, U+00A0) is no part of it.
  bare text := regexp_replace(score, '^\s+|\s+$', '', 'g');
  numeric_score numeric := CASE WHEN bare ~ '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,4})?$' THEN bare::numeric END;
BEGIN
  -- The first pass finds whether any rep qualifies; the second, under the lock, whose turn it is.
  FOR pass IN 1..2 LOOP
    IF pass = 2 THEN
      PERFORM pg_advisory_xact_lock(hashtext('commerce-graph lead assignment'));
    END IF;
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
    IF chosen IS NULL THEN
      RETURN NULL;
    END IF;
  END LOOP;
  -- Under the lock, so no two assignments get one number.
  UPDATE "SalesRep" SET "lastAssignment" = (SELECT coalesce(max("lastAssignment"), 0) + 1 FROM "SalesRep") WHERE "id" = chosen;
  RETURN chosen;
END
$$;
