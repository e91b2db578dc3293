// The exact body of an error under /api that has one message and no field: the commerce
// ErrorModel and, beside it, Payload's errors list with the same message.
export const errorModelBody = (code: number, message: string) => ({ error: { code, message }, success: false, errors: [{ message }] });
