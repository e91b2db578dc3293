// The sample graph (`npm run db:seed`): a small, deterministic, realistic graph of about 700
// records on the configured database. Running it again changes nothing. Run by the command on a
// database it may open, or by the running server for it (POST /local-admin/seed,
// src/plugins/use-local-admin-seed.ts) while the server holds the embedded database.
import { digestOf, encryptField } from '../auth/field-encryption.js';
import { prisma } from '../db.js';

const encryptedSsn = (ssn: string) => ({ ssn: encryptField(ssn), ssnDigest: digestOf(ssn) });

// mulberry32: a tiny seeded generator, so every run makes the same graph.
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const firstNames = ['John', 'Maria', 'Wei', 'Aisha', 'Carlos', 'Priya', 'Liam', 'Fatima', 'Noah', 'Olga', 'Kenji', 'Zoe'];
const lastNames = ['Doe', 'Garcia', 'Chen', 'Khan', 'Rossi', 'Patel', 'Smith', 'Nowak', 'Kim', 'Okafor', 'Silva', 'Brown'];
const places: [string, string, string][] = [
  ['IL', 'Springfield', '62704'],
  ['IL', 'Chicago', '60601'],
  ['TX', 'Austin', '73301'],
  ['CA', 'Fresno', '93650'],
  ['FL', 'Tampa', '33602'],
  ['NY', 'Buffalo', '14201'],
  ['OH', 'Columbus', '43004'],
  ['AZ', 'Tucson', '85701'],
];
const models: [string, string, string, string][] = [
  ['Jeep', 'Wrangler', 'SUV', '3.6L V6'],
  ['Toyota', 'Camry', 'Sedan', '2.5L 4-cylinder'],
  ['Ford', 'F-150', 'Truck', '3.5L V6'],
  ['Honda', 'Odyssey', 'Van', '3.5L V6'],
  ['Tesla', 'Model Y', 'SUV', 'Dual Motor'],
  ['Chevrolet', 'Silverado', 'Truck', '5.3L V8'],
];
const statuses = ['New', 'Contacted', 'Qualified Lead', 'Appointment Set', 'Sold', 'Lost'];
const eventNames = ['Page View', 'User Login', 'Vehicle Viewed', 'Favorite Added', 'Credit Application Started', 'Search'];

/** Adds the sample graph unless it is there; resolves with a line saying what it did. */
export async function seedSampleGraph(): Promise<string> {
  // The generator starts afresh on every call: every run makes the same graph.
  const random = generator(20261122);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const int = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const chars = (alphabet: string, length: number) => Array.from({ length }, () => pick([...alphabet])).join('');
  const id = (prefix: string) => `${prefix}${chars('abcdefghijklmnopqrstuvwxyz0123456789', 12)}`;
  const vin = () => chars('ABCDEFGHJKLMNPRSTUVWXYZ0123456789', 17);
  const phone = () => `+1-${int(200, 989)}-555-${String(int(100, 199)).padStart(4, '0')}`;
  const at = (hour: number) => new Date(Date.UTC(2026, 0, 1) + hour * 3_600_000);

  if (await prisma.agent.findFirst({ where: { prompt: 'seed' } })) return 'The sample graph is already there: nothing to do.';

  const cities = places.map(([stateCode, name]) => ({ stateCode, name }));
  await prisma.city.createMany({ data: cities, skipDuplicates: true });
  const address = () => {
    const [stateCode, cityName, zip] = pick(places);
    return { id: id('adr_'), line1: `${int(1, 9999)} ${pick(['Elm', 'Oak', 'Main', 'Lake', 'Pine'])} Street`, zip, cityStateCode: stateCode, cityName };
  };

  const agents = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet'].map((model) => ({ id: id('ai_'), model, prompt: 'seed', functions: [id('fnc_')] }));
  await prisma.agent.createMany({ data: agents });
  const bands = [
    ['Super Prime', 781, 850],
    ['Prime', 661, 780],
    ['Near Prime', 601, 660],
    ['Subprime', 501, 600],
    ['Deep Subprime', 300, 500],
  ] as const;
  const creditBands = bands.map(([name, minimumCreditScore, maximumCreditScore]) => ({
    id: id('crb_'),
    name,
    minimumCreditScore,
    maximumCreditScore,
    isPrime: minimumCreditScore > 660,
    isNS: false,
    isUnknown: false,
  }));
  await prisma.creditBand.createMany({ data: creditBands });
  const templates = ['Welcome', 'Follow-up', 'Appointment Reminder', 'Price Drop', 'Thank You', 'Financing Approved'].map((subject) => ({
    id: id('tmp_'),
    type: pick(['Email', 'SMS']),
    subject,
    messageText: `${subject}: hello {{firstName}}, ...`,
  }));
  await prisma.template.createMany({ data: templates });

  const salesReps: string[] = [];
  for (let r = 0; r < 10; r += 1) {
    const [firstName, lastName] = [pick(firstNames), pick(lastNames)];
    const email = `${firstName}.${lastName}${r}@dealer.example.com`.toLowerCase();
    const rep = await prisma.salesRep.create({
      data: {
        id: id('srep_'),
        firstName,
        lastName,
        primaryEmail: email,
        emails: [email],
        primaryPhoneNumber: phone(),
        phoneNumbers: [phone()],
        roles: [pick(['sales', 'finance', 'manager'])],
        isAcceptingNewLeads: r % 4 !== 0,
        createdAt: at(r),
        agent: r % 3 === 0 ? { connect: { id: pick(agents).id } } : undefined,
        address: {
          create: (({ cityStateCode, cityName, ...rest }) => ({
            ...rest,
            city: { connect: { stateCode_name: { stateCode: cityStateCode, name: cityName } } },
          }))(address()),
        },
        creditBands: { connect: creditBands.filter(() => random() < 0.5).map((band) => ({ id: band.id })) },
        templates: { connect: templates.filter(() => random() < 0.5).map((template) => ({ id: template.id })) },
      },
    });
    salesReps.push(rep.id);
  }

  const specs = Array.from({ length: 20 }, (_, index) => {
    const [make, model, bodyStyle, engine] = models[index % models.length];
    return {
      id: id('vs_'),
      make,
      model,
      bodyStyle,
      engine,
      year: 2018 + (index % 7),
      trim: pick(['Base', 'SE', 'Sport', 'Limited']),
      drivetrain: pick(['FWD', 'AWD', '4WD']),
      transmission: 'Automatic',
      squishVin: vin().slice(0, 10),
      exteriorColors: ['Black', 'Silver', 'Red'],
      interiorColors: ['Black', 'Gray'],
    };
  });
  await prisma.vehicleSpec.createMany({ data: specs });
  const vehicles = Array.from({ length: 60 }, (_, index) => {
    const spec = specs[index % specs.length];
    const { id: specId, make, model, bodyStyle, engine, year, trim, drivetrain, transmission } = spec;
    return {
      vin: vin(),
      specId,
      make,
      model,
      bodyStyle,
      engine,
      year,
      trim,
      drivetrain,
      transmission,
      seatCount: pick([2, 5, 7, 8]),
      doorCount: pick([2, 4]),
      exteriorColor: pick(spec.exteriorColors),
      interiorColor: pick(spec.interiorColors),
      createdAt: at(index),
    };
  });
  await prisma.vehicle.createMany({ data: vehicles });

  for (let c = 0; c < 80; c += 1) {
    const [firstName, lastName] = [pick(firstNames), pick(lastNames)];
    const email = `${firstName}.${lastName}.${c}@example.com`.toLowerCase();
    const consumerId = id('con_');
    const homes = Array.from({ length: int(1, 2) }, address);
    await prisma.consumer.create({
      data: {
        id: consumerId,
        firstName,
        lastName,
        email,
        phoneNumber: phone(),
        phoneNumbers: [phone()],
        birthDate: new Date(Date.UTC(int(1950, 2004), int(0, 11), int(1, 28))),
        ...encryptedSsn(`${int(100, 899)}-${int(10, 99)}-${int(1000, 9999)}`),
        createdAt: at(c),
        addresses: {
          create: homes.map(({ cityStateCode, cityName, ...rest }) => ({
            ...rest,
            city: { connect: { stateCode_name: { stateCode: cityStateCode, name: cityName } } },
          })),
        },
      },
    });
    const leadId = id('led_');
    await prisma.lead.create({
      data: {
        id: leadId,
        email,
        phoneNumber: phone(),
        firstName,
        lastName,
        acceptsGeneratedMessages: random() < 0.7,
        processStatuses: pick(statuses),
        newOrUsed: pick(['New', 'Used']),
        timeToPurchase: [pick(['ASAP', '1-3 months', '3-6 months'])],
        bodyStyle: [pick(['truck', 'suv', 'sedan', 'van'])],
        monthlyPayment: int(250, 900),
        yearLower: 2016,
        yearUpper: 2024,
        zipcode: homes[0].zip,
        city: homes[0].cityName,
        state: homes[0].cityStateCode,
        subscribe: random() < 0.5,
        agree: true,
        createdAt: at(c),
        salesRep: { connect: { id: pick(salesReps) } },
        consumer: { connect: { id: consumerId } },
        favorites: { connect: Array.from({ length: int(0, 3) }, () => ({ vin: pick(vehicles).vin })) },
      },
    });
    const anonymousIds = [id('anon_'), id('anon_')];
    const accountId = id('acc_');
    await prisma.account.create({ data: { id: accountId, consumerId, leadId, anonymousIds, createdAt: at(c) } });
    await prisma.webEvent.createMany({
      data: Array.from({ length: 4 }, (_, e) => ({
        id: id('wev_'),
        name: pick(eventNames),
        anonymousId: pick(anonymousIds),
        accountId: e === 0 ? undefined : accountId,
        createdAt: at(c * 4 + e),
        receivedAt: at(c * 4 + e),
        eventTime: at(c * 4 + e),
      })),
    });
  }

  const counts = await Promise.all([prisma.webEvent.count(), prisma.account.count(), prisma.consumer.count(), prisma.lead.count(), prisma.vehicle.count()]);
  return `Seeded: ${counts[0]} web events, ${counts[1]} accounts, ${counts[2]} consumers, ${counts[3]} leads, ${counts[4]} vehicles, and what they point to.`;
}
