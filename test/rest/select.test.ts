// Payload's select: only the fields named (and the key), or all but those named, at any depth.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../helpers/graph.js';
import { rest } from '../helpers/rest.js';

beforeAll(() => buildGraph('sel'));

describe('select', () => {
  it('keeps the fields named, and the key', async () => {
    const response = await rest('GET', '/api/leads/led_sel00?select[email]=true&select[processStatuses]=true');
    expect(response.body).toEqual({ id: 'led_sel00', email: 'lead0@example.com', processStatuses: 'Qualified Lead' });
  });

  it('selects within a relation, in lists and pages too', async () => {
    const response = await rest('GET', '/api/leads?where[id][equals]=led_sel01&select[salesRep][firstName]=true&select[favorites][make]=true&depth=1');
    expect(response.body.docs).toEqual([
      { id: 'led_sel01', salesRep: { id: 'srep_sel1', firstName: 'Rep' }, favorites: [expect.objectContaining({ make: 'Jeep' }), expect.anything()] },
    ]);
    expect(Object.keys(response.body.docs[0].favorites[0]).sort()).toEqual(['make', 'vin']);
  });

  it('leaves out the fields given false', async () => {
    const response = await rest('GET', '/api/leads/led_sel00?select[email]=false&select[favorites]=false&depth=0');
    expect(response.body.id).toBe('led_sel00');
    expect(response.body).not.toHaveProperty('email');
    expect(response.body).not.toHaveProperty('favorites');
    expect(response.body).toHaveProperty('processStatuses');
  });

  it.each([
    ['a field the documents do not have', 'select[shoeSize]=true', 'select.shoeSize: is not a field of Lead documents'],
    ['a value that is not true or false', 'select[email]=yes', 'select.email: must be true or false'],
    ['true and false together', 'select[email]=true&select[notes]=false', 'select: keeps fields (true) or leaves them out (false), not both'],
  ])('400 for %s', async (_name, query, message) => {
    const response = await rest('GET', `/api/leads?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(message);
  });
});
