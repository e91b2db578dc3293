// How long a test that does much may take: these pass in seconds on a quiet machine, and must not
// fail on a busy 2-core one (CI shares its cores with PostgreSQL and the test workers).
export const slowTestTimeout = 120_000;
