// Webhook signatures, as Stripe signs: `Webhook-Signature: t=<unix seconds>,v1=<hex>`, the hex
// being HMAC-SHA256 with the endpoint's secret over `<t>.<body>`. A receiver recomputes it, compares
// in constant time, and refuses a timestamp far from its clock (a replayed request).
import { createHmac, randomBytes } from 'node:crypto';

export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export function signatureHeader(secret: string, body: string, unixSeconds: number): string {
  const digest = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${digest}`;
}
