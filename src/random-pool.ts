// Random bytes from the crypto library's generator, drawn 4 KB at a time: a batch of 100 events
// asks for a few hundred small pieces (an IV per encrypted value, the characters of each new id),
// and each call into the library cost more than the bytes it drew.
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(4096);
let used = pool.length;

/** `size` random bytes, a copy of its own (at most the pool's size). */
export function randomBytesPooled(size: number): Buffer {
  if (size > pool.length) throw new RangeError(`at most ${pool.length} bytes at a time`);
  if (used + size > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = Buffer.from(pool.subarray(used, used + size));
  // Drawn bytes are not kept: the copy is the caller's only one.
  pool.fill(0, used, used + size);
  used += size;
  return bytes;
}

/** One random byte (0-255). */
export function randomByte(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const byte = pool[used];
  pool[used] = 0;
  used += 1;
  return byte;
}
