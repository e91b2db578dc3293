import { createApiKey } from '../../src/auth/api-keys.js';
import { scopes, type Scope } from '../../src/auth/scopes.js';

const made = new Map<string, Promise<string>>();

/** A live API key with these scopes (all of them by default), made once per test file. */
export function testApiKey(withScopes: readonly Scope[] = scopes): Promise<string> {
  const name = `test ${[...withScopes].sort().join(',')}`;
  if (!made.has(name))
    made.set(
      name,
      createApiKey(name, [...withScopes]).then(({ secret }) => secret),
    );
  return made.get(name)!;
}
