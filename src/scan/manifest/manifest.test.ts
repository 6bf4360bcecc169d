import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compareManifest, createManifest, ManifestError, parseManifest, parsePrivateKey, signManifest, verifyManifestSignature } from './index.js';

const H = (c: string) => c.repeat(64);

describe('weight manifests', () => {
  const files = [{ path: 'b.bin', size: 2, sha256: H('b') }, { path: 'a.safetensors', size: 1, sha256: H('a') }];

  it('sorts entries, signs with Ed25519, and detects any change to what was signed', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const m = signManifest(createManifest(files, '2026-01-01T00:00:00.000Z'), privateKey);
    expect(m.files.map((f) => f.path)).toEqual(['a.safetensors', 'b.bin']);
    expect(verifyManifestSignature(m, publicKey)).toBe('valid');
    const roundTrip = parseManifest(JSON.stringify(m, null, 7));
    expect(verifyManifestSignature(roundTrip, publicKey)).toBe('valid');
    expect(verifyManifestSignature({ ...m, files: [{ ...m.files[0]!, sha256: H('c') }, m.files[1]!] }, publicKey)).toBe('invalid');
    expect(verifyManifestSignature({ ...m, createdAt: 'later' }, publicKey)).toBe('invalid');
    expect(verifyManifestSignature(m, generateKeyPairSync('ed25519').publicKey)).toBe('other-key');
    expect(verifyManifestSignature(createManifest(files, 'x'), publicKey)).toBe('unsigned');
    expect(() => parsePrivateKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)).toThrow(/Ed25519/);
  });

  it('compares with the directory: modified, size-changed, missing, added', () => {
    const m = createManifest(files, 'x');
    expect(compareManifest(m, [{ path: 'a.safetensors', size: 1, sha256: H('f') }, { path: 'c.pkl', size: 1, sha256: H('c') }])).toEqual([
      { kind: 'modified', path: 'a.safetensors' },
      { kind: 'missing', path: 'b.bin' },
      { kind: 'added', path: 'c.pkl' },
    ]);
  });

  it.each([
    ['not json', '{'],
    ['wrong schema', '{"schema":"other"}'],
    ['bad hash', JSON.stringify({ ...createManifest(files, 'x'), files: [{ path: 'a', size: 1, sha256: 'zz' }] })],
    ['traversal', JSON.stringify({ ...createManifest([{ path: '../a', size: 1, sha256: H('a') }], 'x') })],
    ['duplicate', JSON.stringify({ ...createManifest([files[0]!, files[0]!], 'x') })],
    ['bad signature shape', JSON.stringify({ ...createManifest(files, 'x'), signature: { algorithm: 'rsa' } })],
  ])('rejects %s', (_n, text) => expect(() => parseManifest(text)).toThrow(ManifestError));
});
