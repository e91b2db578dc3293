// The errors a caller can act on. Each carries a stable code, the HTTP status the REST layer
// answers with, and, for bad input, the path of the offending field. Messages name the field and
// the rule, never the value (values may be personal data).
import { GraphQLError } from 'graphql';

export interface Problem {
  /** Dotted path of the offending field from the operation's argument, e.g. `input.account.upsert.email`. */
  field: string;
  message: string;
}

export class InputError extends GraphQLError {
  constructor(readonly problems: Problem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '), {
      extensions: { code: 'BAD_USER_INPUT', http: { status: 400 }, field: problems[0]?.field, problems },
    });
  }
}

export class NotFoundError extends GraphQLError {
  /** `field` names the argument that held the key (`id`, `vin`, `stateCode, name`); the key itself is never repeated. */
  constructor(entity: string, field: string) {
    super(`No ${entity} has this ${field}`, {
      extensions: { code: 'NOT_FOUND', http: { status: 404 }, field },
    });
  }
}

/** A write that names records its caller may not change or link (writes/policy.ts). */
export class NotPermittedError extends GraphQLError {
  constructor(readonly problems: Problem[]) {
    super(problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '), {
      extensions: { code: 'FORBIDDEN', http: { status: 403 }, field: problems[0]?.field, problems },
    });
  }
}

/** A write that collides with a stored record, naming the field (or each field of a key of several) that collided, never a value. */
export class ConflictError extends GraphQLError {
  constructor(fields: string | readonly string[], message: string) {
    const [field, ...others] = typeof fields === 'string' ? [fields] : fields;
    const problems = others.length > 0 ? { problems: [field, ...others].map((each) => ({ field: each, message })) } : {};
    super(`${field}: ${message}`, { extensions: { code: 'CONFLICT', http: { status: 409 }, field, ...problems } });
  }
}

export class UnauthenticatedError extends GraphQLError {
  constructor() {
    super('Unauthorized: this needs an API key in the Authorization header', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}

/** Ends the open subscriptions of a key revoked while they ran. */
export class KeyRevokedError extends GraphQLError {
  constructor() {
    super('Unauthorized: this API key was revoked, so its subscription ends', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}

export class ForbiddenError extends GraphQLError {
  constructor(needed: string) {
    super(`Forbidden: this API key lacks the scope it needs (${needed})`, {
      extensions: { code: 'FORBIDDEN', http: { status: 403 } },
    });
  }
}

/** What a caller sees of a failure that is not theirs: no detail of it. */
export function unexpectedError(): GraphQLError {
  return new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 500 } } });
}

/** A live subscription refused or ended for the server's bounds (schema/subscriptions.ts). */
export class SubscriptionLimitError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'RATE_LIMITED', http: { status: 429 } } });
  }
}
