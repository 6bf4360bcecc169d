export { createApiKey, hashApiKey, parseApiKey, keyMatches } from './api-keys.js';
export type { CreatedApiKey } from './api-keys.js';
export { createAuthenticator } from './authenticator.js';
export type { Authenticator, Principal } from './authenticator.js';
