// What an API key may do. `read` and `write` cover the entity graph; `pii:read` also sees personal
// data (SSN, birth dates) unmasked; `admin` manages keys. Public web-event ingest needs no key.
export const scopes = ['read', 'write', 'pii:read', 'admin'] as const;
export type Scope = (typeof scopes)[number];
export const defaultScopes: Scope[] = ['read', 'write'];

export function isScope(value: string): value is Scope {
  return (scopes as readonly string[]).includes(value);
}
