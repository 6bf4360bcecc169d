import { describe, expect, it } from 'vitest';
import { matchEndpoint } from './endpoints.js';

describe('matchEndpoint', () => {
  it.each([
    ['POST', '/v1/chat/completions', 'chat', false],
    ['GET', '/v1/models', 'models', false],
    ['POST', '/api/generate', 'completion', false],
    ['DELETE', '/api/delete', 'admin', true],
    ['POST', '/api/pull', 'admin', true],
    ['HEAD', `/api/blobs/sha256:${'a'.repeat(64)}`, 'admin', true],
  ])('%s %s is served as %s (admin %s)', (method, path, kind, admin) => {
    const m = matchEndpoint(method, path);
    expect(m.kind).toBe('endpoint');
    if (m.kind === 'endpoint') expect([m.endpoint.kind, m.endpoint.admin]).toEqual([kind, admin]);
  });

  it.each([
    ['GET', '/'],
    ['POST', '/v1/files'],
    ['POST', '/api/blobs/sha256:../../etc/passwd'],
    ['POST', '/api/blobs/sha256:abc'],
    ['POST', '/v1/chat/completions/../../admin'],
    ['GET', '/v1/models/a/b'],
    ['POST', '//api/chat'],
    ['POST', '/API/CHAT'],
  ])('%s %s is not served', (method, path) => {
    expect(matchEndpoint(method, path).kind).toBe('not-found');
  });

  it('distinguishes a wrong method from an unknown path, in the right error family', () => {
    expect(matchEndpoint('GET', '/v1/chat/completions')).toEqual({ kind: 'method-not-allowed', family: 'openai' });
    expect(matchEndpoint('POST', '/api/delete')).toEqual({ kind: 'method-not-allowed', family: 'ollama' });
    expect(matchEndpoint('GET', '/api/nothing')).toEqual({ kind: 'not-found', family: 'ollama' });
  });

  it('decodes a model id in /v1/models/{id} and refuses bad escapes', () => {
    const m = matchEndpoint('GET', '/v1/models/qwen%2Fqwen2.5');
    expect(m.kind === 'endpoint' && m.modelParam).toBe('qwen/qwen2.5');
    expect(matchEndpoint('GET', '/v1/models/%E0%A4%A').kind).toBe('not-found');
  });
});
