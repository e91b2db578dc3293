import { randomInt } from 'node:crypto';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** An id in the seeds' format: the type prefix and 12 lowercase letters or digits (wev_7h9k2j5s3d4f). */
export function newId(prefix: string): string {
  let id = prefix;
  for (let i = 0; i < 12; i += 1) id += alphabet[randomInt(alphabet.length)];
  return id;
}
