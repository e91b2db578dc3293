// PGlite's data directory on disk goes through Emscripten's NODEFS, whose lseek to a file's end
// (how PostgreSQL learns a relation's length, md.c's mdnblocks) calls fs.fstatSync for the size and
// builds a Stats object each time. PostgreSQL asks once per scan it starts or starts again: the
// nested GraphQL read of 100 leads made 555 of them (each rescan of a sequential or bitmap heap scan
// in its subqueries), 12-14% of the server's CPU under that load (bench/profile.ts --pglite).
//
// The sizes are remembered here until anything may change one: a write, a truncate, a close, a
// rename, an unlink or a new file anywhere forgets them all. PGlite's files are its process's alone
// (the data-directory lock, src/data-dir-lock.ts), so no other writer can change a size unseen.
// Nothing else is cached: reads and writes go to the files as before, durability is unchanged.
interface NodeStream {
  nfd: number;
  node: { mode: number };
}

type Operation = (...args: never[]) => unknown;

interface NodeFileSystem {
  stream_ops: Record<string, Operation | undefined> & { llseek?: (stream: NodeStream, offset: number, whence: number) => number };
  node_ops: Record<string, Operation | undefined>;
}

interface EmscriptenModule {
  NODEFS?: NodeFileSystem;
  FS?: { isFile: (mode: number) => boolean };
}

const seekEnd = 2;
const patched = new WeakSet<NodeFileSystem>();

// Every operation that may change a file's length, or which file a descriptor or a name stands for.
const changingStreamOps = ['write', 'setattr', 'close', 'msync'];
const changingNodeOps = ['setattr', 'rename', 'unlink', 'mknod', 'rmdir', 'symlink'];

/** Makes lseek(SEEK_END) on PGlite's NODEFS files answer from remembered sizes; a no-op on another file system or PGlite build. */
export function rememberFileSizes(module: EmscriptenModule): void {
  const fileSystem = module.NODEFS;
  const isFile = module.FS?.isFile;
  const llseek = fileSystem?.stream_ops.llseek;
  if (!fileSystem || !isFile || !llseek || patched.has(fileSystem)) return;
  patched.add(fileSystem);
  const sizes = new Map<number, number>();
  const forget = (operations: Record<string, Operation | undefined>, names: string[]) => {
    for (const name of names) {
      const original = operations[name];
      if (!original) continue;
      operations[name] = function (this: unknown, ...args: never[]) {
        try {
          return original.apply(this, args);
        } finally {
          // In finally: a write that failed part-way may still have changed the length.
          sizes.clear();
        }
      };
    }
  };
  forget(fileSystem.stream_ops, changingStreamOps);
  forget(fileSystem.node_ops, changingNodeOps);
  fileSystem.stream_ops.llseek = function (this: unknown, stream: NodeStream, offset: number, whence: number) {
    if (whence !== seekEnd || !isFile(stream.node.mode)) return llseek.call(this, stream, offset, whence);
    let size = sizes.get(stream.nfd);
    if (size === undefined) {
      // Asked of the original, with its own errors (an Emscripten errno) for a descriptor that fails.
      size = llseek.call(this, stream, 0, whence);
      sizes.set(stream.nfd, size);
    }
    // A position before the start is the original's to refuse (EINVAL).
    return offset + size < 0 ? llseek.call(this, stream, offset, whence) : offset + size;
  };
}
