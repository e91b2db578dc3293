// Encryption at rest for fields marked `encrypted` (Consumer.ssn): AES-256-GCM with a random IV per
// value, stored as "enc:v1:<base64 iv|tag|ciphertext>", plus a keyed digest of the value's digits in
// `<field>Digest`, so equality search works without decrypting. The key comes from
// PII_ENCRYPTION_KEY (32 bytes, base64); without it, from `pii.key` in DATA_DIR (made on first use,
// mode 0600), or, for an in-memory database, a key that lives as long as the process.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { config } from '../config.js';
import { createPrivateDataDir, dataDirFailure } from '../data-dir-permissions.js';
import { encryptedPrefix } from '../model/properties.js';
import { randomBytesPooled } from '../random-pool.js';

const prefix = encryptedPrefix;

function loadKey(): Buffer {
  const configured = process.env.PII_ENCRYPTION_KEY;
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error('PII_ENCRYPTION_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32)');
    return key;
  }
  if (config.dataDir === 'memory://') return randomBytes(32);
  if (config.production) throw new Error('Set PII_ENCRYPTION_KEY (32 bytes, base64) in production');
  const file = path.join(config.dataDir, 'pii.key');
  try {
    if (!existsSync(file)) {
      // Made as the database's own directory is (src/data-dir-permissions.ts), and first: the key
      // is read before the database opens.
      createPrivateDataDir(config.dataDir);
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch (error) {
    // The first thing to touch DATA_DIR: its problems are told as the data directory's.
    throw dataDirFailure(config.dataDir, error);
  }
}

let keys: { encryption: Buffer; digest: Buffer } | undefined;

/** Loads the key now, so that a server without one fails at start, not on its first SSN. */
export function loadFieldEncryptionKey(): void {
  subkeys();
}

function subkeys() {
  if (!keys) {
    const root = loadKey();
    keys = {
      encryption: createHmac('sha256', root).update('commerce-graph field encryption').digest(),
      digest: createHmac('sha256', root).update('commerce-graph field digest').digest(),
    };
  }
  return keys;
}

export function encryptField(plain: string): string {
  const iv = randomBytesPooled(12);
  const cipher = createCipheriv('aes-256-gcm', subkeys().encryption, iv);
  const encrypted = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${prefix}${Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64')}`;
}

/** The plain value; one stored before encryption existed comes back as it is. */
export function decryptField(stored: string): string {
  if (!stored.startsWith(prefix)) return stored;
  const bytes = Buffer.from(stored.slice(prefix.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', subkeys().encryption, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    // The operator's to mend (the value was written under another key): said so in the log, and
    // answered as any internal failure, never with the value.
    throw new Error("a stored personal value cannot be decrypted with this server's PII_ENCRYPTION_KEY (written under another key?)");
  }
}

/** Whether a stored text is a value this module encrypted. */
export const isEncrypted = (stored: string) => stored.startsWith(prefix);

/** A keyed digest of the whole text (a web event's unique key: its key values may be sensitive). */
export function keyedDigest(text: string): string {
  return createHmac('sha256', subkeys().digest).update(text).digest('base64url');
}

/** A keyed digest of the value's digits (123-45-6789 and 123456789 match), for equality search. */
export function digestOf(plain: string): string {
  return createHmac('sha256', subkeys().digest)
    .update(plain.replace(/\D/g, '') || plain)
    .digest('hex');
}
