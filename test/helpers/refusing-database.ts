// Makes the database itself refuse some writes, for tests of what happens after validation passed:
// while `work` runs, inserting a web event named "explode" raises an error inside PostgreSQL.
import { prisma } from '../../src/db.js';

export async function whileEventsNamedExplodeAreRefused(work: () => Promise<void>): Promise<void> {
  await prisma.$executeRawUnsafe(`
    CREATE OR REPLACE FUNCTION refuse_exploding_event() RETURNS trigger AS $$
    BEGIN
      IF NEW.name = 'explode' THEN RAISE EXCEPTION 'refused by test trigger'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_exploding_event BEFORE INSERT ON "WebEvent" FOR EACH ROW EXECUTE FUNCTION refuse_exploding_event()`);
  try {
    await work();
  } finally {
    await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_exploding_event ON "WebEvent"`);
  }
}
