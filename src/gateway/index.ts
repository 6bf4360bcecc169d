export { createGateway } from './server.js';
export type { Gateway, GatewayOptions, RequestRecord } from './server.js';
export { createApiKey, hashApiKey, parseApiKey } from './auth/index.js';
export type { CreatedApiKey, Principal } from './auth/index.js';
export { matchEndpoint } from './endpoints.js';
export { estimateTokens } from './estimate.js';
