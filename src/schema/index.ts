// Imports every type file for its side effect of registering with the builder, then builds.
import { builder } from '../builder.js';
import './scalars.js';
import './node.js';
import './web-event.js';
import './account.js';
import './identify.js';
import './consumer.js';
import './lead.js';
import './sales-rep.js';
import './vehicle.js';
import './address.js';
import './city.js';
import './state.js';
import './agent.js';
import './credit-band.js';
import './template.js';
import './vehicle-spec.js';
import './api-key.js';
import './subscriptions.js';
import './webhooks.js';
import './audit.js';
import './consumer-privacy.js';

export const schema = builder.toSchema({ sortSchema: true });
