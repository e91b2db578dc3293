import { randomByte } from '../random-pool.js';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Bytes at or above this are drawn again, so that every character is equally likely (252 = 7 x 36). */
const unbiasedBelow = 256 - (256 % alphabet.length);

/** An id in the seeds' format: the type prefix and 12 lowercase letters or digits (wev_7h9k2j5s3d4f). */
export function newId(prefix: string): string {
  let id = prefix;
  // A byte per character from a pool (src/random-pool.ts): randomInt per character was a call into the crypto library each, 1,200 for a batch's 100 webhook events.
  while (id.length < prefix.length + 12) {
    const byte = randomByte();
    if (byte < unbiasedBelow) id += alphabet[byte % alphabet.length];
  }
  return id;
}
