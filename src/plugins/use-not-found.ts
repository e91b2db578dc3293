// A path no route serves: 404 with the ErrorModel body the REST routes answer for one
// (`/api/no-such-route`), rather than Yoga's empty 404. Last among the plugins: every route before
// it has had its chance, and the caller's rate has been counted.
import type { Plugin } from 'graphql-yoga';
import { errorModel, jsonResponse } from '../http/error-response.js';

export function useNotFound(graphqlEndpoint: string): Plugin {
  return {
    onRequest({ url, endResponse }) {
      if (url.pathname !== graphqlEndpoint) endResponse(jsonResponse(404, errorModel(404, 'Not Found: no such route')));
    },
  };
}
