// Valid inputs, one per entity, shaped like the seeds' examples.
export const seedWebEventBody = {
  id: 'wev_7h9k2j5s3d4f',
  name: 'User Login',
  account: {
    id: 'acc_0jk3v58djsi1',
    lead: 'Lead ID',
    consumer: {
      id: 'con_2k4jd93vsd82',
      ssn: '123-45-6789',
      email: 'example@example.com',
      lastName: 'Doe',
      birthDate: '1990-05-15',
      firstName: 'John',
      phoneNumber: '555-0199',
    },
    anonymousIds: ['anon_4598kdjv9390', 'anon_4598kdjv9391'],
  },
  anonymousId: 'anon_4598kdjv9390',
};

/** The seed's curl body as a GraphQL CreateWebEventInput: relations as { connect } or { upsert }. */
export const seedWebEventInput = {
  id: seedWebEventBody.id,
  name: seedWebEventBody.name,
  anonymousId: seedWebEventBody.anonymousId,
  account: {
    upsert: {
      id: seedWebEventBody.account.id,
      lead: { connect: seedWebEventBody.account.lead },
      consumer: { upsert: seedWebEventBody.account.consumer },
      anonymousIds: seedWebEventBody.account.anonymousIds,
    },
  },
};

// No email: one consumer holds an email (README "One consumer per email"), and suites create many
// consumers from this input; a test that needs an email gives its own.
export const consumerInput = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  phoneNumber: '+1-312-555-0142',
  birthDate: '1985-12-10',
};

export const vehicleInput = {
  vin: '1C4HJXEN5MW592818',
  year: 2021,
  make: 'Jeep',
  model: 'Wrangler',
  trim: 'Sport',
  engine: '3.6L V6',
  seatCount: 5,
  doorCount: 4,
  bodyStyle: 'SUV',
  drivetrain: '4WD',
  transmission: 'Automatic',
  interiorColor: 'Black',
  exteriorColor: 'Red',
};

export const vehicleSpecInput = {
  make: 'Toyota',
  year: 2022,
  trim: 'SE',
  model: 'Camry',
  engine: '2.5L 4-cylinder',
  squishVin: '4T1BF1FK5H',
  bodyStyle: 'Sedan',
  drivetrain: 'FWD',
  transmission: 'Automatic',
  exteriorColors: ['Black', 'Silver'],
  interiorColors: ['Black', 'Gray'],
};

export const addressInput = {
  line1: '456 Elm Street',
  line2: 'Apt 201',
  zip: '62704',
  city: { upsert: { name: 'Springfield', state: { connect: 'IL' } } },
};

export const salesRepInput = {
  firstName: 'Alice',
  lastName: 'Smith',
  emails: ['sales.rep@example.com', 'contact@example.com'],
  primaryEmail: 'sales.rep@example.com',
  phoneNumbers: ['+1-555-0123', '+1-555-0456'],
  primaryPhoneNumber: '+1-555-0123',
  isAcceptingNewLeads: true,
  roles: ['closer'],
};

export const leadInput = {
  email: 'contact@example.com',
  phoneNumber: '555-6789',
  acceptsGeneratedMessages: true,
  processStatuses: 'Qualified Lead',
  timeToPurchase: ['ASAP'],
  bodyStyle: ['truck'],
  monthlyPayment: 450,
  mileageLower: 0,
  mileageUpper: 60000,
  searches: [123],
};

export const agentInput = { model: 'gpt-4o', prompt: 'Respond to the customer service request', functions: ['fnc_ed904md03684'] };
export const creditBandInput = { name: 'Good', isNS: false, isPrime: true, isUnknown: false, minimumCreditScore: 600, maximumCreditScore: 700 };
export const templateInput = { type: 'Email', subject: 'Invoice Details', messageText: 'Hello, please find your invoice attached.' };

/**
 * A lead whose values are hard to render as JSON text (quotes, control characters, U+2028,
 * `</script>`, tiny and huge numbers, empty lists): the compiled reads must answer it byte for
 * byte as the executor does.
 */
export const hardValuesLead = {
  ...leadInput,
  id: 'led_hard00000001',
  notes: 'quote " backslash \\ newline \n tab \t bell \u0007 unicode é 😀 \u2028 </script>',
  monthlyPayment: 1e-7,
  cashDown: 1.2345e16,
  searches: [],
};
