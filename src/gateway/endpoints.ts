import type { EndpointKind } from './wire/types.js';

export type WireFamily = 'openai' | 'ollama';

export interface Endpoint {
  family: WireFamily;
  kind: EndpointKind;
  /** Path sent upstream, relative to the upstream's base URL. */
  upstreamPath: string;
  /** Ollama admin endpoints (pull, push, create, copy, delete, blobs): role-gated. */
  admin: boolean;
  /** Whether the request carries a JSON body to validate. */
  hasBody: boolean;
}

/**
 * The closed list of what the gateway serves, keyed by `METHOD path`. Anything else is answered
 * 404 by the gateway itself: it is never an open proxy to its upstreams.
 */
const TABLE: Record<string, Endpoint> = {
  'POST /v1/chat/completions': { family: 'openai', kind: 'chat', upstreamPath: '/chat/completions', admin: false, hasBody: true },
  'POST /v1/completions': { family: 'openai', kind: 'completion', upstreamPath: '/completions', admin: false, hasBody: true },
  'POST /v1/embeddings': { family: 'openai', kind: 'embeddings', upstreamPath: '/embeddings', admin: false, hasBody: true },
  'POST /v1/guard/scan': { family: 'openai', kind: 'guard-scan', upstreamPath: '', admin: false, hasBody: true },
  'GET /v1/audit/records': { family: 'openai', kind: 'audit-records', upstreamPath: '', admin: false, hasBody: false },
  'GET /v1/models': { family: 'openai', kind: 'models', upstreamPath: '/models', admin: false, hasBody: false },
  'POST /api/chat': { family: 'ollama', kind: 'chat', upstreamPath: '/api/chat', admin: false, hasBody: true },
  'POST /api/generate': { family: 'ollama', kind: 'completion', upstreamPath: '/api/generate', admin: false, hasBody: true },
  'POST /api/embed': { family: 'ollama', kind: 'embeddings', upstreamPath: '/api/embed', admin: false, hasBody: true },
  'POST /api/embeddings': { family: 'ollama', kind: 'embeddings', upstreamPath: '/api/embeddings', admin: false, hasBody: true },
  'GET /api/tags': { family: 'ollama', kind: 'tags', upstreamPath: '/api/tags', admin: false, hasBody: false },
  'POST /api/show': { family: 'ollama', kind: 'show', upstreamPath: '/api/show', admin: false, hasBody: true },
  'GET /api/version': { family: 'ollama', kind: 'version', upstreamPath: '/api/version', admin: false, hasBody: false },
  'GET /api/ps': { family: 'ollama', kind: 'ps', upstreamPath: '/api/ps', admin: false, hasBody: false },
  'POST /api/pull': { family: 'ollama', kind: 'admin', upstreamPath: '/api/pull', admin: true, hasBody: true },
  'POST /api/push': { family: 'ollama', kind: 'admin', upstreamPath: '/api/push', admin: true, hasBody: true },
  'POST /api/create': { family: 'ollama', kind: 'admin', upstreamPath: '/api/create', admin: true, hasBody: true },
  'POST /api/copy': { family: 'ollama', kind: 'admin', upstreamPath: '/api/copy', admin: true, hasBody: true },
  'DELETE /api/delete': { family: 'ollama', kind: 'admin', upstreamPath: '/api/delete', admin: true, hasBody: true },
};

const KNOWN_PATHS = new Set(Object.keys(TABLE).map((k) => k.slice(k.indexOf(' ') + 1)));

/** sha256:<64 hex>: the only blob names Ollama accepts; anything else could smuggle a path. */
const BLOB_RE = /^\/api\/blobs\/sha256[:-][0-9a-f]{64}$/;
const MODEL_RE = /^\/v1\/models\/([^/]{1,256})$/;

export type EndpointMatch =
  | { kind: 'endpoint'; endpoint: Endpoint; path: string; modelParam?: string }
  | { kind: 'method-not-allowed'; family: WireFamily }
  | { kind: 'not-found'; family: WireFamily };

export function familyOf(path: string): WireFamily {
  return path.startsWith('/api/') ? 'ollama' : 'openai';
}

export function matchEndpoint(method: string, path: string): EndpointMatch {
  const hit = TABLE[`${method} ${path}`];
  if (hit) return { kind: 'endpoint', endpoint: hit, path };
  if (BLOB_RE.test(path)) {
    if (method === 'HEAD' || method === 'POST') {
      return { kind: 'endpoint', endpoint: { family: 'ollama', kind: 'admin', upstreamPath: path, admin: true, hasBody: false }, path };
    }
    return { kind: 'method-not-allowed', family: 'ollama' };
  }
  const m = MODEL_RE.exec(path);
  if (m) {
    if (method !== 'GET') return { kind: 'method-not-allowed', family: 'openai' };
    let modelParam: string;
    try {
      modelParam = decodeURIComponent(m[1]!);
    } catch {
      return { kind: 'not-found', family: 'openai' };
    }
    return { kind: 'endpoint', endpoint: { family: 'openai', kind: 'model', upstreamPath: '/models', admin: false, hasBody: false }, path, modelParam };
  }
  if (KNOWN_PATHS.has(path)) return { kind: 'method-not-allowed', family: familyOf(path) };
  return { kind: 'not-found', family: familyOf(path) };
}
