// GraphQL validation errors (a literal of the wrong type in the query itself) skip maskError, and
// graphql-js prints the offending value into them. This rewrites them like every other message.
import type { Plugin } from 'graphql-yoga';
import { withoutValues } from '../messages-without-values.js';

export function useValidationWithoutValues(): Plugin {
  return {
    onValidate() {
      return ({ result }) => {
        for (const error of result) Object.assign(error, { message: withoutValues(error.message, '').message });
      };
    },
  };
}
