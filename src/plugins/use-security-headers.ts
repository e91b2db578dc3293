// Headers every response carries. JSON answers also forbid running or framing anything they might
// be mistaken for; HTML pages (GraphiQL, /api/docs) keep what they need to load.
import type { Plugin } from 'graphql-yoga';

const always: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function useSecurityHeaders(): Plugin {
  return {
    onResponse({ response }) {
      for (const [name, value] of Object.entries(always)) response.headers.set(name, value);
      if (!response.headers.get('content-type')?.includes('text/html')) {
        response.headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
      }
    },
  };
}
