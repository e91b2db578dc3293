// Generated ids (src/writes/new-id.ts): the seeds' format, every character equally likely (the
// random bytes are drawn in blocks, and a byte that would favour some characters is drawn again).
import { describe, expect, it } from 'vitest';
import { newId } from '../src/writes/new-id.js';

describe('newId', () => {
  it('is the prefix and 12 lowercase letters or digits, never the same twice in 20,000', () => {
    const ids = Array.from({ length: 20_000 }, () => newId('evt_'));
    for (const id of ids) expect(id).toMatch(/^evt_[a-z0-9]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws every character about as often as every other (within 5% over 720,000 characters)', () => {
    const counts = new Map<string, number>();
    for (let index = 0; index < 60_000; index += 1) {
      for (const character of newId('')) counts.set(character, (counts.get(character) ?? 0) + 1);
    }
    // 36 characters: 20,000 each expected. A modulo without redrawing would give a-d 8/7 of the others (+14%).
    expect(counts.size).toBe(36);
    for (const [character, count] of counts) expect(Math.abs(count - 20_000) / 20_000, character).toBeLessThan(0.05);
  });
});
