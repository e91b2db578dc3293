// A streamed answer (a long list, an export) whose status is sent cannot turn into an error answer:
// when it fails part-way, the connection is closed before the answer's end, so the client sees the
// transfer fail rather than a shorter list that looks whole. The web stream is closed, never
// errored: Yoga's node adapter leaves the rejection of an errored stream's reader unhandled, and
// that ended the process (found by the outside attack on exports).

/** Closes the connection an answer is being sent on, where there is one (not for in-process fetches). */
export type CutOff = () => void;

/** The cut-off of a request's connection: the adapter gives Node's response in the server context. */
export function cutOffOf(serverContext: object): CutOff {
  return () => {
    const response = (serverContext as { res?: { destroy(): void } }).res;
    response?.destroy();
  };
}

/** Ends a streamed answer that failed part-way: the connection is cut, then the stream closed. */
export function endCutOff(controller: ReadableStreamDefaultController<Uint8Array>, cutOff: CutOff): void {
  cutOff();
  controller.close();
}
