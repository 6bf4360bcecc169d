export { createManifest, signManifest, verifyManifestSignature, parseManifest, compareManifest, parsePrivateKey, parsePublicKey, keyId, signedPayload, ManifestError, MANIFEST_SCHEMA, MANIFEST_SCHEMA_VERSION } from './manifest.js';
export type { Manifest, ManifestEntry, ManifestSignature, ManifestDifference } from './manifest.js';
export { hashFile } from './hash.js';
