// Random bytes drawn from a pool (src/random-pool.ts): each piece is the caller's own, and no piece
// repeats across the pool's refills; an encrypted value's IV comes from it.
import { describe, expect, it } from 'vitest';
import { randomBytesPooled } from '../src/random-pool.js';
import { encryptField } from '../src/auth/field-encryption.js';

describe('randomBytesPooled', () => {
  it('gives pieces of the size asked, none the same over many refills of the pool, none changed by later draws', () => {
    const pieces = Array.from({ length: 5_000 }, () => randomBytesPooled(12));
    const first = Buffer.from(pieces[0]);
    for (let index = 0; index < 2_000; index += 1) randomBytesPooled(16);
    expect(pieces[0].equals(first)).toBe(true);
    expect(pieces.every((piece) => piece.length === 12)).toBe(true);
    expect(new Set(pieces.map((piece) => piece.toString('hex'))).size).toBe(pieces.length);
  });

  it('refuses more than the pool holds', () => {
    expect(() => randomBytesPooled(4097)).toThrow(RangeError);
  });

  it('gives every encryption of one value its own IV', () => {
    const ivs = Array.from({ length: 2_000 }, () =>
      Buffer.from(encryptField('123-45-6789').replace(/^enc:v1:/, ''), 'base64')
        .subarray(0, 12)
        .toString('hex'),
    );
    expect(new Set(ivs).size).toBe(ivs.length);
  });
});
