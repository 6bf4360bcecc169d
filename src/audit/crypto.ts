import { createCipheriv, createDecipheriv, createHmac, hash, hkdfSync, randomBytes } from 'node:crypto';
import { BulwarkError, secureRandomBytes } from '../core/index.js';

/**
 * Envelope encryption for the audit trail. The master key never encrypts content: it wraps
 * per-tenant-and-subject data keys (AES-256-GCM, NIST SP 800-38D) and, through HKDF (RFC 5869),
 * yields the key that signs chain checkpoints. Rotating it rewraps the data keys; content stays.
 */

export const MASTER_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface MasterKey {
  /** Short public identifier (not a hash of the key itself): which master wraps what. */
  readonly fingerprint: string;
  /** Wraps data keys and the subject-pseudonym key. */
  readonly kek: Buffer;
  /** Signs chain heads and anchors. */
  readonly macKey: Buffer;
  /** Authenticates journal frames. */
  readonly journalKey: Buffer;
}

const derive = (raw: Buffer, info: string): Buffer => Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), `bulwark-audit-v1 ${info}`, 32));

export function deriveMasterKey(raw: Buffer): MasterKey {
  if (raw.length !== MASTER_KEY_BYTES) throw new BulwarkError('AUDIT_MASTER_KEY_INVALID', `the master key has ${raw.length} bytes; it must have ${MASTER_KEY_BYTES}`);
  return { fingerprint: derive(raw, 'fingerprint').subarray(0, 8).toString('hex'), kek: derive(raw, 'key-wrapping'), macKey: derive(raw, 'checkpoint-mac'), journalKey: derive(raw, 'journal-mac') };
}

/** Base64 (the form Bulwark writes) or hex of 32 bytes, surrounding whitespace ignored. */
export function parseMasterKey(text: string): Buffer {
  const t = text.trim();
  let raw: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(t)) raw = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) raw = Buffer.from(t, 'base64');
  if (raw?.length !== MASTER_KEY_BYTES) throw new BulwarkError('AUDIT_MASTER_KEY_INVALID');
  return raw;
}

export function generateMasterKey(): Buffer {
  return randomBytes(MASTER_KEY_BYTES);
}

export function formatMasterKey(raw: Buffer): string {
  return `${raw.toString('base64')}\n`;
}

/**
 * A random 96-bit IV per message, from the pooled CSPRNG (no randomBytes call per record). Random
 * IVs bound a key's use (SP 800-38D §8.3), so data keys are replaced after DATA_KEY_MAX_USES
 * messages.
 */
const nextIv = (): Buffer => secureRandomBytes(IV_BYTES);

/** Far below the 2^32 random-IV limit, so the chance of an IV repeating stays negligible. */
export const DATA_KEY_MAX_USES = 2 ** 28;

/** iv | ciphertext | tag. The AAD binds the ciphertext to where it belongs (record, tenant, subject). */
export function seal(key: Buffer, plaintext: Buffer | string, aad: string): Buffer {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const a = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
  const b = cipher.final();
  return Buffer.concat([iv, a, b, cipher.getAuthTag()]);
}

/** seal(), returning the sealed blob as chunks (iv, ciphertext, tag) for a writev. */
export function sealChunks(key: Buffer, plaintext: Uint8Array, aad: string): Buffer[] {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = cipher.update(plaintext);
  cipher.final();
  return [iv, ct, cipher.getAuthTag()];
}

/** Throws (any error) when the blob was altered, belongs to another AAD or the key is wrong. */
export function unseal(key: Buffer, blob: Buffer, aad: string): Buffer {
  if (blob.length < IV_BYTES + TAG_BYTES) throw new Error('sealed blob too short');
  const decipher = createDecipheriv('aes-256-gcm', key, blob.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
  return Buffer.concat([decipher.update(blob.subarray(IV_BYTES, blob.length - TAG_BYTES)), decipher.final()]);
}

/** One-shot: the ingester hashes every record, and a Hash object per call costs more than the hashing. */
export function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex');
}

export function hmacHex(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}

export function randomKey(): Buffer {
  return randomBytes(32);
}
