// What an API key may do. `read` and `write` cover the entity graph; `pii:read` also sees personal
// data (SSN, birth dates) unmasked; `admin` manages keys. Public web-event ingest needs no key.
export const scopes = ['read', 'write', 'pii:read', 'admin'] as const;
export type Scope = (typeof scopes)[number];
export const defaultScopes: Scope[] = ['read', 'write'];

/**
 * The scope the fields of each GraphQL root type need, unless a field says otherwise (public
 * web-event ingest, key management). The schema's root types and the REST layer's early refusal
 * both read it.
 */
export const rootTypeScopes = { query: 'read', mutation: 'write', subscription: 'read' } as const satisfies Record<string, Scope>;
export type RootType = keyof typeof rootTypeScopes;

export function isScope(value: string): value is Scope {
  return (scopes as readonly string[]).includes(value);
}
