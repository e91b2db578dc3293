// Who may do what to records that exist: the one place these rules live. The planner asks the
// first two, the answer builder the third.
//
// - A caller without the `write` scope (public web-event ingest) creates records that do not exist
//   and nothing else: a nested object naming a record that exists is a reference to it (its id is
//   kept, nothing it says is written), and no existing record may be put in a list, since that
//   writes a link onto the existing record (a stranger among an address's consumers).
// - A caller without the `read` scope gets back keys and what it sent, never stored values: its
//   answer is built from its own write, not read from the database (writes/answer.ts).
export interface Writer {
  /** The caller's key has the `write` scope. */
  write: boolean;
  /** The caller's key has the `read` scope. */
  read: boolean;
  /** Who writes, as the trail records it (writes/trail.ts): the API key's name, or `public`. */
  actor: string;
}

/** The actor of anonymous writes (public web-event ingest). */
export const publicActor = 'public';

export const writerOf = (key: { name: string; scopes: readonly string[] } | null | undefined): Writer => ({
  write: !!key?.scopes.includes('write'),
  read: !!key?.scopes.includes('read'),
  actor: key?.name ?? publicActor,
});

/** A nested object naming a record that exists updates it (true) or only refers to it (false). */
export const mayUpdateExisting = (writer: Writer) => writer.write;

/** A list may hold records that exist, linking them (true), or only records it creates (false). */
export const mayLinkExisting = (writer: Writer) => writer.write;

/** The answer to a write is read from the database (true) or built from what was sent (false). */
export const mayReadStored = (writer: Writer) => writer.read;
