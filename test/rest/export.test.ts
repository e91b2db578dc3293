// Lists exported as CSV and NDJSON: every record the filter matches, in order, read a chunk at a
// time by keyset; hostile text made safe for spreadsheets; personal data masked as in every answer.
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptField, digestOf } from '../../src/auth/field-encryption.js';
import { prisma } from '../../src/db.js';
import { exportChunk } from '../../src/rest/export/rows.js';
import { testApiKey } from '../helpers/api-key.js';
import { countStatements } from '../helpers/graphql.js';
import { yoga } from '../../src/yoga.js';
import { freePort } from '../helpers/free-port.js';
import { startServer } from '../helpers/server-process.js';

const eventCount = exportChunk * 2 + 500;
const t0 = Date.UTC(2026, 0, 1);

const hostile = ['=HYPERLINK("http://x","y")', '+1+2', '-3', '@SUM(A1)', 'a,b', 'say "hi"', 'two\nlines', ' padded', '\ttab', 'plain'];

beforeAll(async () => {
  // Two events share each instant, so the key decides between them at every chunk boundary.
  await prisma.webEvent.createMany({
    data: Array.from({ length: eventCount }, (_, index) => ({
      id: `wev_exp${String(index).padStart(5, '0')}`,
      name: index % 2 ? 'Login' : 'View',
      eventTime: new Date(t0 + Math.floor(index / 2) * 1000),
      properties: { n: index },
    })),
  });
  await prisma.lead.createMany({
    data: hostile.map((notes, index) => ({
      id: `led_exp${String(index).padStart(8, '0')}`,
      email: `exp${index}@example.com`,
      phoneNumber: '555-0100',
      notes,
      year: -index,
    })),
  });
  await prisma.consumer.create({
    data: {
      id: 'con_exp1',
      firstName: 'Ada',
      lastName: 'Lovelace',
      phoneNumber: '555-0100',
      birthDate: new Date('1985-12-10'),
      ssn: encryptField('123-45-6789'),
      ssnDigest: digestOf('123-45-6789'),
    },
  });
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await yoga.fetch(`http://localhost${path}`, { headers: { authorization: await testApiKey(), ...headers } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** RFC 4180 parsing, to read back what the export wrote: a quoted cell, or text up to a comma or CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  const cell = /"((?:[^"]|"")*)"|([^,\r\n"]*)/y;
  let at = 0;
  while (at < text.length) {
    cell.lastIndex = at;
    const match = cell.exec(text)!;
    row.push(match[1] !== undefined ? match[1].replaceAll('""', '"') : match[2]);
    at = cell.lastIndex;
    if (text[at] === ',') at += 1;
    else if (text.startsWith('\r\n', at)) {
      rows.push(row);
      row = [];
      at += 2;
    } else throw new Error(`not CSV at ${at}: ${JSON.stringify(text.slice(at, at + 20))}`);
  }
  return rows;
}

describe('export', () => {
  it('streams every event the filter matches as NDJSON, in order across chunks, one statement a chunk', async () => {
    let answer: Awaited<ReturnType<typeof get>> | undefined;
    const { count } = await countStatements(async () => {
      answer = await get('/api/webevents?where[id][like]=wev_exp&format=ndjson');
    });
    expect(answer!.status).toBe(200);
    expect(answer!.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = answer!.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.id)).toEqual(Array.from({ length: eventCount }, (_, index) => `wev_exp${String(index).padStart(5, '0')}`));
    expect(lines[3]).toMatchObject({ name: 'Login', eventTime: new Date(t0 + 1000).toISOString(), properties: { n: 3 } });
    expect(count).toBe(Math.ceil(eventCount / exportChunk));
  });

  it('in the order sort gives, descending too, with Accept: text/csv', async () => {
    const answer = await get('/api/webevents?where[id][like]=wev_exp&where[name][equals]=Login&sort=-eventTime', { accept: 'text/csv' });
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('content-disposition')).toBe('attachment; filename="webEvents.csv"');
    const [header, ...rows] = parseCsv(answer.text);
    const id = header.indexOf('id');
    expect(rows.map((row) => row[id])).toEqual(
      Array.from({ length: eventCount }, (_, index) => index)
        .filter((index) => index % 2)
        .reverse()
        .map((index) => `wev_exp${String(index).padStart(5, '0')}`),
    );
  });

  it('writes hostile text so a spreadsheet shows it as text, and reads back to it', async () => {
    const answer = await get('/api/leads?where[id][like]=led_exp&format=csv&sort=id');
    const [header, ...rows] = parseCsv(answer.text);
    const notes = rows.map((row) => row[header.indexOf('notes')]);
    expect(notes).toEqual(['\'=HYPERLINK("http://x","y")', "'+1+2", "'-3", "'@SUM(A1)", 'a,b', 'say "hi"', 'two\nlines', ' padded', "'\ttab", 'plain']);
    // Numbers are numbers, a negative one included; no value is an empty cell.
    expect(rows.map((row) => row[header.indexOf('year')])).toEqual(['0', '-1', '-2', '-3', '-4', '-5', '-6', '-7', '-8', '-9']);
    expect(rows[0][header.indexOf('cashDown')]).toBe('');
    expect(answer.text).toContain('"say ""hi"""');
  });

  it('leaves the trash out unless trash=true', async () => {
    await prisma.lead.update({ where: { id: 'led_exp00000009' }, data: { deletedAt: new Date() } });
    const ids = async (query: string) =>
      (await get(`/api/leads?where[id][like]=led_exp&format=ndjson&sort=id${query}`)).text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).id);
    expect(await ids('')).toHaveLength(9);
    expect(await ids('&trash=true')).toHaveLength(10);
    await prisma.lead.update({ where: { id: 'led_exp00000009' }, data: { deletedAt: null } });
  });

  it('masks personal data as every answer does', async () => {
    const readOnly = { authorization: await testApiKey(['read']) };
    const masked = JSON.parse((await get('/api/consumers?where[id][equals]=con_exp1&format=ndjson', readOnly)).text);
    expect(masked.ssn).toBe('***-**-6789');
    expect(masked).not.toHaveProperty('birthDate');
    const shown = JSON.parse((await get('/api/consumers?where[id][equals]=con_exp1&format=ndjson')).text);
    expect(shown).toMatchObject({ ssn: '123-45-6789', birthDate: '1985-12-10' });
    const refused = await get('/api/consumers?where[ssn][equals]=123-45-6789&format=csv', readOnly);
    expect(refused.status).toBe(403);
  });

  it('cuts an export off, and answers a read with a masked 500, when a stored value cannot be decrypted (another key): the server stays up', async () => {
    // An SSN written under another PII_ENCRYPTION_KEY: its authentication tag does not match this one's.
    const foreign = `enc:v1:${Buffer.alloc(48, 7).toString('base64')}`;
    await prisma.consumer.create({ data: { id: 'con_exp_foreign', firstName: 'F', lastName: 'K', phoneNumber: '555-0100', ssn: foreign } });
    const response = await yoga.fetch('http://localhost/api/consumers?where[id][equals]=con_exp_foreign&format=csv', {
      headers: { authorization: await testApiKey(['read']) },
    });
    expect(response.status).toBe(200);
    // In process there is no connection to cut: the answer ends after its header line, without the row.
    expect(await response.text()).not.toContain('con_exp_foreign');
    const read = await get('/api/consumers/con_exp_foreign?depth=0', { authorization: await testApiKey(['read']) });
    expect(read.status).toBe(500);
    expect(read.text).not.toContain('enc:v1');
    // Everything else is served as before.
    expect((await get('/api/consumers?where[id][equals]=con_exp1&format=ndjson')).status).toBe(200);
    await prisma.consumer.delete({ where: { id: 'con_exp_foreign' } });
  });

  it('select chooses the columns of both formats (and reads only those); a relation is its key column', async () => {
    await prisma.lead.update({ where: { id: 'led_exp00000001' }, data: { salesRep: { create: { id: 'srep_exp1', firstName: 'Rep', lastName: 'One' } } } });
    const csv = await get('/api/leads?where[id][like]=led_exp&format=csv&sort=id&select[notes]=true&select[salesRep]=true');
    const [header, , second] = parseCsv(csv.text);
    expect(header).toEqual(['id', 'notes', 'salesRepId']);
    expect(second).toEqual(['led_exp00000001', "'+1+2", 'srep_exp1']);
    const lines = (await get('/api/leads?where[id][like]=led_exp&format=ndjson&sort=id&select[notes]=false&select[phone]=false')).text.trimEnd().split('\n');
    const first = JSON.parse(lines[0]);
    expect(first).toMatchObject({ id: 'led_exp00000000', email: 'exp0@example.com' });
    expect(first).not.toHaveProperty('notes');
    expect(first).not.toHaveProperty('phoneNumber');
    // Personal data stays masked in a selection.
    const masked = await get('/api/consumers?where[id][equals]=con_exp1&format=ndjson&select[ssn]=true', { authorization: await testApiKey(['read']) });
    expect(JSON.parse(masked.text)).toEqual({ id: 'con_exp1', ssn: '***-**-6789' });
  });

  it('refuses what it cannot do with a 400 naming the parameter', async () => {
    const cases = [
      ['/api/leads?format=xml', 'format: must be csv or ndjson (or leave it out for JSON)'],
      ['/api/leads?format=csv&limit=5', 'limit: an export holds every record where matches: narrow it with where, or page through the JSON list'],
      [
        '/api/leads?format=ndjson&depth=1',
        'depth: an export is flat: a relation is its key column (salesRepId; select[salesRep]=true keeps it); read related records from the JSON list with depth',
      ],
      [
        '/api/leads?format=csv&search=x',
        'search: is not a query parameter of this route (it takes where, sort, format, select, locale, fallback-locale, trash)',
      ],
      [
        '/api/leads?format=csv&select[salesRep][firstName]=true',
        'select.salesRep: an export is flat: select the relation itself (select[salesRep]=true gives its key column)',
      ],
      ['/api/leads?format=csv&select[favorites]=true', 'select.favorites: is a list of related records, which an export does not hold'],
      ['/api/leads?format=csv&select[nope]=true', 'select.nope: is not a field of Lead documents'],
      ['/api/leads?format=csv&sort=notes', 'sort: term 1: an export is sorted by fields every record has a value in, and never by personal data'],
      ['/api/consumers?format=csv&sort=birthDate', 'sort: term 1 is personal data, which is never an ordering'],
    ] as const;
    for (const [path, message] of cases) {
      const answer = await get(path);
      expect(answer.status, path).toBe(400);
      expect(JSON.parse(answer.text).error.message, path).toBe(message);
    }
    expect((await get('/api/leads?format=csv', { authorization: '' })).status).toBe(401);
  });
});

describe.runIf(process.env.TEST_DATABASE === 'postgres')('an export that fails part-way, in a server process of its own', () => {
  it('is cut off and logged, and the process serves on (it died of the failure before)', async () => {
    await prisma.consumer.create({
      data: { id: 'con_exp_foreign2', firstName: 'F', lastName: 'K', phoneNumber: '555-0100', ssn: `enc:v1:${Buffer.alloc(48, 9).toString('base64')}` },
    });
    const port = await freePort();
    const server = await startServer({ ...process.env, PORT: String(port), DATA_DIR: undefined });
    try {
      const authorization = await testApiKey(['read']);
      const exported = await fetch(`http://127.0.0.1:${port}/api/consumers?where[id][equals]=con_exp_foreign2&format=csv`, {
        headers: { authorization },
        signal: AbortSignal.timeout(10_000),
      });
      expect(exported.status).toBe(200);
      // The connection is cut before the answer's end: the client sees the transfer fail.
      await expect(exported.text()).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(server.child.exitCode).toBeNull();
      const after = await fetch(`http://127.0.0.1:${port}/api/states?limit=1`, { headers: { authorization } });
      expect(after.status).toBe(200);
      expect(server.output()).toContain('an export failed part-way');
    } finally {
      server.child.kill('SIGKILL');
      await prisma.consumer.delete({ where: { id: 'con_exp_foreign2' } });
    }
  }, 60_000);
});
