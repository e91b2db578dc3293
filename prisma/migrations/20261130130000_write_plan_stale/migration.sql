-- A write that creates records in several tables with one statement (src/writes/execute.ts
-- executeAsOneStatement) calls this when a row it planned as new was not inserted (its key or a
-- unique value is held by a record the plan did not know of): the error fails the whole statement,
-- so nothing of it stays, and the write core plans again from what exists (SQLSTATE CGW01).
CREATE FUNCTION "write_plan_stale"() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'a record the write planned as new exists already' USING ERRCODE = 'CGW01';
END
$$;
