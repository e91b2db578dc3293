// A small, complete graph written straight through Prisma, for tests that read it back.
import { prisma } from '../../src/db.js';

export const graphSize = { salesReps: 3, leads: 20, vehicles: 4 };

export async function buildGraph(prefix: string) {
  await prisma.city.create({ data: { name: `${prefix} Springfield`, stateCode: 'IL' } });
  await prisma.agent.create({ data: { id: `ai_${prefix}`, model: 'gpt-4o' } });
  await prisma.creditBand.create({ data: { id: `crb_${prefix}`, name: 'Prime' } });
  await prisma.vehicleSpec.create({
    data: { id: `vs_${prefix}`, make: 'Jeep', model: 'Wrangler', year: 2021, engine: 'V6', drivetrain: '4WD', bodyStyle: 'SUV', transmission: 'Automatic' },
  });
  const vins: string[] = [];
  for (let v = 0; v < graphSize.vehicles; v += 1) {
    const vin = `${prefix.toUpperCase().replace(/[IOQ]/g, 'X').padEnd(5, 'X').slice(0, 5)}HJXEN5MW5928${v}`;
    vins.push(vin);
    await prisma.vehicle.create({
      data: {
        vin,
        year: 2021,
        make: 'Jeep',
        model: 'Wrangler',
        engine: 'V6',
        drivetrain: '4WD',
        bodyStyle: 'SUV',
        transmission: 'Automatic',
        specId: `vs_${prefix}`,
      },
    });
  }
  for (let r = 0; r < graphSize.salesReps; r += 1) {
    await prisma.salesRep.create({
      data: {
        id: `srep_${prefix}${r}`,
        firstName: 'Rep',
        lastName: `${r}`,
        agent: { connect: { id: `ai_${prefix}` } },
        address: { create: { id: `adr_${prefix}r${r}`, line1: `${r} Main St`, zip: '62704', cityStateCode: 'IL', cityName: `${prefix} Springfield` } },
        creditBands: { connect: [{ id: `crb_${prefix}` }] },
      },
    });
  }
  for (let l = 0; l < graphSize.leads; l += 1) {
    await prisma.consumer.create({
      data: {
        id: `con_${prefix}${l}`,
        firstName: 'Con',
        lastName: `${l}`,
        phoneNumber: '555-0199',
        birthDate: new Date('1990-01-01'),
        addresses: {
          create: [0, 1].map((a) => ({
            id: `adr_${prefix}c${l}_${a}`,
            line1: `${l} Elm St`,
            zip: '62704',
            cityStateCode: 'IL',
            cityName: `${prefix} Springfield`,
          })),
        },
      },
    });
    await prisma.lead.create({
      data: {
        id: `led_${prefix}${String(l).padStart(2, '0')}`,
        email: `lead${l}@example.com`,
        phoneNumber: '555-0100',
        processStatuses: l % 2 === 0 ? 'Qualified Lead' : 'New',
        salesRepId: `srep_${prefix}${l % graphSize.salesReps}`,
        consumerId: `con_${prefix}${l}`,
        favorites: { connect: vins.slice(0, 2).map((vin) => ({ vin })) },
      },
    });
    await prisma.account.create({
      data: {
        id: `acc_${prefix}${l}`,
        consumerId: `con_${prefix}${l}`,
        leadId: `led_${prefix}${String(l).padStart(2, '0')}`,
        anonymousIds: [`anon_${prefix}${l}a`, `anon_${prefix}${l}b`],
      },
    });
    await prisma.webEvent.createMany({
      data: [0, 1, 2].map((e) => ({
        id: `wev_${prefix}${l}_${e}`,
        name: 'Page View',
        anonymousId: `anon_${prefix}${l}${e % 2 ? 'a' : 'b'}`,
        accountId: `acc_${prefix}${l}`,
      })),
    });
  }
}
