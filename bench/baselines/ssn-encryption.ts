// The baseline stores an SSN as the server does (AES-256-GCM with a random IV, and a keyed digest
// of its digits for equality search), so ingest pays the same cryptography on both sides. The key
// is the one the runner gives both processes.
import { createCipheriv, createHmac, randomBytes } from 'node:crypto';

const root = Buffer.from(process.env.PII_ENCRYPTION_KEY ?? '', 'base64');
const encryptionKey = createHmac('sha256', root).update('commerce-graph field encryption').digest();
const digestKey = createHmac('sha256', root).update('commerce-graph field digest').digest();

export function encryptSsn(plain: string): { ssn: string; ssnDigest: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
  const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return {
    ssn: `enc:v1:${Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64')}`,
    ssnDigest: createHmac('sha256', digestKey)
      .update(plain.replace(/\D/g, '') || plain)
      .digest('hex'),
  };
}
