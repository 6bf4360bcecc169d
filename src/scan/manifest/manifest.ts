import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Weight manifests: a SHA-256 per file, optionally signed with Ed25519 (RFC 8032). The signature
 * covers a canonical rendering rebuilt from the parsed fields, never the file's own bytes, so
 * whitespace or key order cannot change what was signed.
 */
export const MANIFEST_SCHEMA = 'bulwark.model-manifest';
export const MANIFEST_SCHEMA_VERSION = 1;

export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
}

export interface ManifestSignature {
  algorithm: 'ed25519';
  /** First 16 hex digits of SHA-256 over the public key (SPKI DER). */
  keyId: string;
  /** base64 */
  value: string;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  schemaVersion: typeof MANIFEST_SCHEMA_VERSION;
  createdAt: string;
  algorithm: 'sha256';
  files: ManifestEntry[];
  signature?: ManifestSignature;
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

export function createManifest(files: ManifestEntry[], createdAt: string): Manifest {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { schema: MANIFEST_SCHEMA, schemaVersion: MANIFEST_SCHEMA_VERSION, createdAt, algorithm: 'sha256', files: sorted.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })) };
}

export function signedPayload(m: Manifest): Buffer {
  return Buffer.from(JSON.stringify({ schema: m.schema, schemaVersion: m.schemaVersion, createdAt: m.createdAt, algorithm: m.algorithm, files: m.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })) }), 'utf8');
}

export function keyId(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function parsePrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ManifestError('not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ManifestError(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

export function parsePublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new ManifestError('not a PEM public (or private) key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new ManifestError(`expected an Ed25519 key, got ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

export function signManifest(m: Manifest, privateKey: KeyObject): Manifest {
  const value = sign(null, signedPayload(m), privateKey).toString('base64');
  return { ...m, signature: { algorithm: 'ed25519', keyId: keyId(createPublicKey(privateKey)), value } };
}

export function verifyManifestSignature(m: Manifest, publicKey: KeyObject): 'valid' | 'invalid' | 'unsigned' | 'other-key' {
  if (!m.signature) return 'unsigned';
  if (m.signature.keyId !== keyId(publicKey)) return 'other-key';
  const sig = Buffer.from(m.signature.value, 'base64');
  if (sig.length !== 64) return 'invalid';
  return verify(null, signedPayload(m), publicKey, sig) ? 'valid' : 'invalid';
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Validates a manifest read from disk; throws ManifestError naming the first problem. */
export function parseManifest(text: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ManifestError('not JSON');
  }
  const m = raw as Partial<Manifest> | null;
  if (m === null || typeof m !== 'object' || m.schema !== MANIFEST_SCHEMA) throw new ManifestError(`schema is not ${MANIFEST_SCHEMA}`);
  if (m.schemaVersion !== MANIFEST_SCHEMA_VERSION) throw new ManifestError(`unsupported schemaVersion ${String(m.schemaVersion)}`);
  if (m.algorithm !== 'sha256') throw new ManifestError('algorithm must be sha256');
  if (typeof m.createdAt !== 'string') throw new ManifestError('createdAt missing');
  if (!Array.isArray(m.files) || m.files.length > 1_000_000) throw new ManifestError('files must be a list');
  const seen = new Set<string>();
  for (const [i, f] of m.files.entries()) {
    if (f === null || typeof f !== 'object' || typeof f.path !== 'string' || f.path === '' || !Number.isSafeInteger(f.size) || f.size < 0 || typeof f.sha256 !== 'string' || !HEX64.test(f.sha256)) throw new ManifestError(`files[${i}] is not {path, size, sha256}`);
    if (f.path.split('/').includes('..') || f.path.startsWith('/')) throw new ManifestError(`files[${i}].path leaves the directory`);
    if (seen.has(f.path)) throw new ManifestError(`files[${i}].path is listed twice`);
    seen.add(f.path);
  }
  if (m.signature !== undefined) {
    const s = m.signature;
    if (s === null || typeof s !== 'object' || s.algorithm !== 'ed25519' || typeof s.keyId !== 'string' || typeof s.value !== 'string') throw new ManifestError('signature is not {algorithm: ed25519, keyId, value}');
  }
  return m as Manifest;
}

export type ManifestDifference = { kind: 'modified' | 'missing' | 'added' | 'size'; path: string };

/** Compares a manifest with what is on disk now. */
export function compareManifest(m: Manifest, current: ManifestEntry[]): ManifestDifference[] {
  const now = new Map(current.map((f) => [f.path, f]));
  const out: ManifestDifference[] = [];
  for (const f of m.files) {
    const c = now.get(f.path);
    if (!c) out.push({ kind: 'missing', path: f.path });
    else if (c.sha256 !== f.sha256) out.push({ kind: c.size !== f.size ? 'size' : 'modified', path: f.path });
    now.delete(f.path);
  }
  for (const p of now.keys()) out.push({ kind: 'added', path: p });
  return out;
}
