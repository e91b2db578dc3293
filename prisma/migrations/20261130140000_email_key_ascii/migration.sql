-- How an email is compared (one consumer per email, lookups by email, erasure finding a person's
-- leads): without its surrounding ASCII white space, and with ASCII letters in lower case only.
-- JavaScript's toLowerCase and PostgreSQL's lower() under a Unicode locale fold far more: the Kelvin
-- sign (U+212A) becomes k, so "\u212Aate@x.com" was held to be kate@x.com, two characters merged
-- into one. The same rule is src/model/identifiers.ts normalisedEmail; test/event-input-rules.test.ts
-- holds the two to the same answers.
CREATE OR REPLACE FUNCTION consumer_email_key(email text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT translate(btrim(email, E' \t\n\r\f\013'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') $$;

-- Keys written under the old rule, again under this one. Two keys that differ under the old rule
-- differ under this one too (it folds less), so the unique index holds; a key left NULL by
-- 20261130120000 (a later holder of a shared email) stays NULL.
UPDATE "Consumer" SET "emailKey" = consumer_email_key("email")
WHERE "emailKey" IS NOT NULL AND "emailKey" IS DISTINCT FROM consumer_email_key("email");
