interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string } };
}

/** The caller's address: the socket's, or X-Forwarded-For's first hop behind a trusted proxy. */
export function clientAddress(request: Request, serverContext: unknown, trustProxy: boolean): string {
  const forwarded = trustProxy ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return forwarded || (serverContext as NodeServerContext | undefined)?.req?.socket?.remoteAddress || 'unknown';
}
