// The commerce entity graph as the seeds describe it: the OpenAPI schemas of seed 001 and the CRM
// lead body of seed 002. Descriptions are the OpenAPI's own.
import type { EntityDescription, EntityName, RelationField, ScalarField, ScalarType } from './entity.js';
import { deriveWebEvent } from './event-time.js';
import { deriveConsumer } from './identifiers.js';
import { deriveEventDefinition, eventNameMaxLength } from './event-definition.js';
import { settleLeadStatus } from './lead-statuses.js';

type FieldOptions = Omit<ScalarField, 'type' | 'description'>;
const scalar =
  (type: ScalarType) =>
  (description: string, options: FieldOptions = {}): ScalarField => ({
    type,
    description,
    ...options,
  });
const string = scalar('String');
const int = scalar('Int');
const float = scalar('Float');
const boolean = scalar('Boolean');
const date = scalar('Date');
const dateTime = scalar('DateTime');
const json = scalar('JSON');
const strings = (description: string, options: FieldOptions = {}) => string(description, { list: true, ...options });
const ints = (description: string) => int(description, { list: true });

const one = (target: EntityName, columns: string[], description: string, options: Partial<RelationField> = {}) =>
  ({ target, columns, description, ...options }) satisfies RelationField;
const many = (target: EntityName, description: string) => ({ target, list: true, description }) satisfies RelationField;

const WebEvent: EntityDescription = {
  name: 'WebEvent',
  delegate: 'webEvent',
  plural: 'webEvents',
  key: ['id'],
  idPrefix: 'wev_',
  description: 'Something a visitor did on the web: a page view, a login, a form.',
  scalars: {
    id: string('Web Event is uniquely identified by id'),
    name: string('Web Event has Name', { required: true, maxLength: eventNameMaxLength }),
    anonymousId: string('Web Event was created by Anonymous ID', { rule: 'anonymousId' }),
    consumerId: string('The id of the consumer its customer identifier found, whether or not that consumer exists yet: set by the vendor routes', {
      createOnly: true,
      keyedOnly: true,
    }),
    customerIdentifier: string(
      'The identifier the event named its customer by, as type:value (email:john@example.com, phone:3125550199, externalId:source_customer_event): set by the vendor routes',
      { createOnly: true, keyedOnly: true },
    ),
    properties: json(
      'Free-form data of the event, a JSON object (Segment\'s properties, seed 004\'s metadata): which vehicle was viewed, which page. Properties its definition marks sensitive are masked ("***") without the pii:read scope',
      { sensitiveInside: true },
    ),
    timestamp: dateTime("When the event happened, on the client's clock", { createOnly: true }),
    sentAt: dateTime("When the client sent the event, on its own clock; with timestamp, corrects the clock's skew", { createOnly: true }),
    receivedAt: dateTime('When the server received the event', { serverSet: true }),
    eventTime: dateTime('When the event happened: timestamp + (receivedAt - sentAt) when both are given, timestamp alone, else receivedAt', {
      serverSet: true,
    }),
  },
  relations: {
    account: one('Account', ['accountId'], 'Web Event was created by Account', { soft: true }),
  },
  defaultOrder: 'eventTime',
  derive: deriveWebEvent,
};

const Account: EntityDescription = {
  name: 'Account',
  delegate: 'account',
  plural: 'accounts',
  key: ['id'],
  idPrefix: 'acc_',
  trash: true,
  description: 'A login on the web site, tied to a consumer and to the lead it became.',
  scalars: {
    id: string('Account is uniquely identified by id'),
    anonymousIds: strings('Account was logged in to by Anonymous ID', { rule: 'anonymousId' }),
  },
  relations: {
    consumer: one('Consumer', ['consumerId'], 'Consumer logs into Account', { soft: true }),
    lead: one('Lead', ['leadId'], 'Lead logs into Account', { soft: true }),
  },
};

const Consumer: EntityDescription = {
  name: 'Consumer',
  delegate: 'consumer',
  plural: 'consumers',
  key: ['id'],
  idPrefix: 'con_',
  trash: true,
  description: 'A person who buys, finances or sells a vehicle.',
  scalars: {
    id: string('Customer is uniquely identified by id'),
    firstName: string('Consumer has First Name', { required: true }),
    lastName: string('Consumer has Last Name', { required: true }),
    email: string('Consumer has Email', { rule: 'email' }),
    phoneNumber: string('Consumer has Phone Number', { required: true, rule: 'phone' }),
    phoneNumbers: strings('Customer has Phone Number', { rule: 'phone' }),
    birthDate: date('Consumer has Birth Date', { required: true, rule: 'date', pii: 'hidden' }),
    ssn: string('Consumer has SSN', { pii: 'last4', encrypted: true }),
    externalId: string("The consumer's id in another system (seed 004's customer source_id, seed 003's externalId)"),
  },
  relations: {
    addresses: many('Address', 'Customer is located at Addresses'),
  },
  derive: deriveConsumer,
  matchByIdentifier: true,
};

const Lead: EntityDescription = {
  name: 'Lead',
  delegate: 'lead',
  plural: 'leads',
  key: ['id'],
  idPrefix: 'led_',
  trash: true,
  description: 'A prospective buyer in the CRM: the OpenAPI Lead and the CRM lead body in one record.',
  scalars: {
    id: string('Lead is uniquely identified by id'),
    phoneNumber: string('Lead has Phone Number', { required: true, rule: 'phone', identifying: true }),
    email: string('Lead has Email', { required: true, rule: 'email', identifying: true }),
    acceptsGeneratedMessages: boolean('Lead accepts generated messages'),
    processStatuses: string('Where the lead is in the sales process: one of the configured lead statuses (README, CRM rules)'),
    reason: string('Why the lead has its status, such as "Do Not Contact"', { identifying: true }),
    latestEvent: int('The CRM id of the latest lead event'),
    notes: string('Free-form notes', { long: true, identifying: true }),
    statusTracker: string('Status tracker', { long: true, identifying: true }),
    searches: ints('CRM ids of the searches the lead made'),
    attachments: string('Attachments', { long: true, identifying: true }),
    firstName: string('First name', { identifying: true }),
    lastName: string('Last name', { identifying: true }),
    call: string('Call', { identifying: true }),
    zipcode: string('ZIP code', { identifying: true }),
    loginEmail: string('Email the lead logs in with', { rule: 'email', identifying: true }),
    customer: string('External customer reference', { identifying: true }),
    anonymousId: string('Anonymous ID of the visitor who became the lead', { identifying: true, rule: 'anonymousId' }),
    purchaseOption: string('How the lead wants to pay (cash, finance, lease)'),
    timeToPurchase: strings('When the lead wants to buy, such as "ASAP"'),
    monthlyPayment: float('Monthly payment the lead aims for', { rule: 'nonNegative' }),
    budgetLower: string('Lower end of the budget'),
    budgetUpper: string('Upper end of the budget'),
    mileageLower: int('Lowest mileage wanted', { rule: 'nonNegative' }),
    mileageUpper: int('Highest mileage wanted', { rule: 'nonNegative' }),
    cashDown: float('Cash down payment', { rule: 'nonNegative' }),
    newOrUsed: string('New or used'),
    bodyStyle: strings('Body styles wanted, such as "truck"'),
    carStyle: strings('Car styles wanted, such as "sedan"'),
    truckStyle: strings('Truck styles wanted, such as "crew"'),
    suvStyle: strings('SUV styles wanted, such as "small/compact"'),
    vanStyle: strings('Van styles wanted, such as "cargo"'),
    yearLower: int('Earliest model year wanted'),
    yearUpper: int('Latest model year wanted'),
    year: int('Model year wanted'),
    make: string('Make wanted'),
    model: string('Model wanted'),
    trim: string('Trim wanted'),
    makeAndModel: string('Make and model wanted, as one text'),
    oneOwner: boolean('Only one-owner vehicles'),
    exterior: strings('Exterior colours wanted'),
    interior: strings('Interior colours wanted'),
    fuelType: strings('Fuel types wanted'),
    drivetrain: strings('Drivetrains wanted'),
    transmission: strings('Transmissions wanted'),
    comfort: strings('Comfort features wanted'),
    safety: strings('Safety features wanted'),
    entertainment: strings('Entertainment features wanted'),
    utility: strings('Utility features wanted'),
    subscribe: boolean('Subscribed'),
    agree: boolean('Agreed to the terms'),
    messageNotifications: boolean('Wants message notifications'),
    emailNotifications: boolean('Wants email notifications'),
    emailAlerts: boolean('Wants email alerts'),
    emailOffers: boolean('Wants email offers'),
    leadEvents: ints('CRM ids of lead events'),
    trade: ints('CRM ids of trade-ins'),
    messages: ints('CRM ids of messages'),
    meetings: ints('CRM ids of meetings'),
    vdpEmails: ints('CRM ids of vehicle-detail-page emails'),
    calls: ints('CRM ids of calls'),
    preApprovals: ints('CRM ids of pre-approvals'),
    preApprovalId: string('Pre-approval id', { identifying: true }),
    cfZipcode: string('ZIP code from the edge geolocation', { identifying: true }),
    cfState: string('State from the edge geolocation', { identifying: true }),
    cfCity: string('City from the edge geolocation', { identifying: true }),
    city: string('City', { identifying: true }),
    state: string('State', { identifying: true }),
    completedDate: string('When the lead completed its form'),
    localTime: string('Local time of the lead', { identifying: true }),
    creditScore: string('Credit score', { identifying: true }),
    contactScore: string('Contact score'),
    contactBelongsTo: string('Who the contact belongs to', { identifying: true }),
    contactType: string('Contact type'),
    contactValid: boolean('Contact details are valid'),
    testingCustomer: boolean('A test record'),
    estimatedAgeRange: string('Estimated age range', { identifying: true }),
    estimatedAddress: string('Estimated address', { identifying: true }),
    estimatedZipcode: string('Estimated ZIP code', { identifying: true }),
    conversation: string('Conversation', { long: true, identifying: true }),
    manual: boolean('Entered by hand'),
  },
  relations: {
    salesRep: one('SalesRep', ['salesRepId'], 'Sales Rep is assigned to Lead'),
    consumer: one('Consumer', ['consumerId'], 'Lead participates in transactions as Consumer'),
    favorites: many('Vehicle', 'Lead favorites Vehicle'),
  },
  // Seed 002 names two facts of the OpenAPI Lead differently; both names are accepted.
  aliases: { phone: 'phoneNumber', customers: 'consumer' },
  settle: settleLeadStatus,
};

const SalesRep: EntityDescription = {
  name: 'SalesRep',
  delegate: 'salesRep',
  plural: 'salesReps',
  key: ['id'],
  idPrefix: 'srep_',
  trash: true,
  description: 'A person (or automated agent) who works leads.',
  scalars: {
    id: string('Contact is uniquely identified by id'),
    firstName: string('Contact has First Name', { required: true }),
    lastName: string('Contact has Last Name', { required: true }),
    primaryEmail: string('Contact has Primary Email', { rule: 'email' }),
    primaryPhoneNumber: string('Contact has Primary Phone Number', { rule: 'phone' }),
    emails: strings('Contact has Email', { rule: 'email' }),
    phoneNumbers: strings('Contact has Phone Number', { rule: 'phone' }),
    roles: strings('Contact has Role'),
    isAcceptingNewLeads: boolean('Sales Rep is accepting new leads'),
    paused: boolean('Paused: new leads are not assigned to this rep until it is unpaused'),
  },
  relations: {
    agent: one('Agent', ['agentId'], 'Contact is automated Agent'),
    address: one('Address', ['addressId'], 'Contact has Address'),
    creditBands: many('CreditBand', 'Sales Rep accepts leads from Credit Band'),
    templates: many('Template', 'Sales Rep uses Template'),
  },
};

const Vehicle: EntityDescription = {
  name: 'Vehicle',
  delegate: 'vehicle',
  plural: 'vehicles',
  key: ['vin'],
  description: 'A vehicle, identified by its VIN.',
  scalars: {
    vin: string('Vehicle is uniquely identified by vin', { required: true, rule: 'vin' }),
    year: int('Vehicle was manufactured in Year', { required: true }),
    make: string('Vehicle is of Make', { required: true }),
    model: string('Vehicle has Model', { required: true }),
    trim: string('Vehicle has Trim level'),
    bodyStyle: string('Vehicle has Body Style', { required: true }),
    engine: string('Vehicle has Engine specification', { required: true }),
    transmission: string('Vehicle has Transmission', { required: true }),
    drivetrain: string('Vehicle has Drivetrain', { required: true }),
    seatCount: int('Vehicle has Seat Count', { rule: 'nonNegative' }),
    doorCount: int('Vehicle has Door Count', { rule: 'nonNegative' }),
    interiorColor: string('Vehicle was manufactured with Interior Color'),
    exteriorColor: string('Vehicle was manufactured with Exterior Color'),
  },
  relations: {
    spec: one('VehicleSpec', ['specId'], 'Vehicle has Vehicle Spec'),
  },
};

const Address: EntityDescription = {
  name: 'Address',
  delegate: 'address',
  plural: 'addresses',
  key: ['id'],
  idPrefix: 'adr_',
  description: 'A postal address.',
  scalars: {
    id: string('Address is uniquely identified by id'),
    line1: string('Address has Address Line 1', { required: true }),
    line2: string('Address has Address Line 2'),
    zip: string('Address has ZIP', { required: true }),
  },
  relations: {
    city: one('City', ['cityStateCode', 'cityName'], 'Address is located in City', { required: true }),
  },
};

const City: EntityDescription = {
  name: 'City',
  delegate: 'city',
  plural: 'cities',
  key: ['stateCode', 'name'],
  description: 'A city, identified by its state and its name.',
  scalars: {
    name: string('City is uniquely identified by Name', { required: true }),
  },
  relations: {
    state: one('State', ['stateCode'], 'City is uniquely identified by State', { required: true }),
  },
};

const State: EntityDescription = {
  name: 'State',
  delegate: 'state',
  plural: 'states',
  key: ['code'],
  description: 'A state, identified by its code.',
  scalars: {
    code: string('State is uniquely identified by State Code', { required: true, rule: 'stateCode' }),
  },
  relations: {},
};

const Agent: EntityDescription = {
  name: 'Agent',
  delegate: 'agent',
  plural: 'agents',
  key: ['id'],
  idPrefix: 'ai_',
  description: 'An AI agent that can act as a sales rep.',
  scalars: {
    id: string('Agent is uniquely identified by id'),
    model: string('Agent has Agent Model', { required: true }),
    prompt: string('Agent has Prompt', { long: true }),
    functions: strings('Agent has Function'),
  },
  relations: {},
};

const CreditBand: EntityDescription = {
  name: 'CreditBand',
  delegate: 'creditBand',
  plural: 'creditBands',
  key: ['id'],
  idPrefix: 'crb_',
  description: 'A band of credit scores that sales reps accept leads from.',
  scalars: {
    id: string('Credit Band is uniquely identified by id'),
    name: string('Credit Band has Name', { required: true }),
    minimumCreditScore: float('Credit Band has Minimum Credit Score'),
    maximumCreditScore: float('Credit Band has Maximum Credit Score'),
    isUnknown: boolean('Credit Band is unknown'),
    isNS: boolean('Credit Band is NS'),
    isPrime: boolean('Credit Band is prime'),
  },
  relations: {},
};

const Template: EntityDescription = {
  name: 'Template',
  delegate: 'template',
  plural: 'templates',
  key: ['id'],
  idPrefix: 'tmp_',
  description: 'A message template a sales rep uses.',
  scalars: {
    id: string('Template is uniquely identified by id'),
    type: string('Template has Template Type', { required: true }),
    subject: string('Template has Subject'),
    messageText: string('Template has Message Text', { required: true, long: true }),
  },
  relations: {},
};

const VehicleSpec: EntityDescription = {
  name: 'VehicleSpec',
  delegate: 'vehicleSpec',
  plural: 'vehicleSpecs',
  key: ['id'],
  idPrefix: 'vs_',
  description: 'The factory specification shared by vehicles of one make, model, year and trim.',
  scalars: {
    id: string('Vehicle Spec is uniquely identified by id'),
    make: string('Vehicle Spec has Make', { required: true }),
    model: string('Vehicle Spec has Model', { required: true }),
    year: int('Vehicle Spec has Year', { required: true }),
    trim: string('Vehicle Spec has Trim'),
    engine: string('Vehicle Spec has Engine specifications', { required: true }),
    drivetrain: string('Vehicle Spec has Drivetrain', { required: true }),
    bodyStyle: string('Vehicle Spec has Body Style', { required: true }),
    transmission: string('Vehicle Spec has Transmission', { required: true }),
    squishVin: string('Vehicle Spec has Squish VIN', { rule: 'squishVin' }),
    exteriorColors: strings('Vehicle Spec has Exterior Color'),
    interiorColors: strings('Vehicle Spec has Interior Color'),
  },
  relations: {},
};

// Names from requests (REST field names, where keys) are looked up in these records: without a
// prototype, `constructor` or `__proto__` is no field of anything.
const withoutPrototype = <T>(record: Record<string, T>): Record<string, T> => Object.freeze(Object.assign(Object.create(null), record));

const EventDefinition: EntityDescription = {
  name: 'EventDefinition',
  delegate: 'eventDefinition',
  plural: 'eventDefinitions',
  key: ['name'],
  description:
    "What the web events of one name must carry (seed 003's fields, seed 004's event schema): per property a type, whether it is required, part of the unique key, or sensitive. Managed with the admin scope.",
  scalars: {
    name: string('Event Definition is uniquely identified by the name of the events it defines', { required: true, maxLength: eventNameMaxLength }),
    description: string('Event Definition has Description'),
    properties: json(
      'The properties the events carry, by name: {"vin": {"type": "string", "required": true, "uniqueKey": true}, "ssn": {"type": "string", "sensitive": true}, "plan": {"type": "enum", "values": ["basic", "pro"]}}; type is string, number, boolean, date or enum',
      { required: true },
    ),
    addCustomerIfNotExists: boolean(
      'An event naming a customer identifier no consumer has is stored with that identifier (true) or refused (false, the default)',
    ),
  },
  relations: {},
  manageScope: 'admin',
  derive: deriveEventDefinition,
};

const described = (entity: EntityDescription): EntityDescription =>
  Object.freeze({
    ...entity,
    scalars: withoutPrototype(entity.scalars),
    relations: withoutPrototype(entity.relations),
    ...(entity.aliases && { aliases: withoutPrototype(entity.aliases) }),
  });

const all: Record<EntityName, EntityDescription> = {
  WebEvent,
  Account,
  Consumer,
  Lead,
  SalesRep,
  Vehicle,
  Address,
  City,
  State,
  Agent,
  CreditBand,
  Template,
  VehicleSpec,
  EventDefinition,
};

export const entities = Object.fromEntries(Object.entries(all).map(([name, entity]) => [name, described(entity)])) as Record<EntityName, EntityDescription>;
