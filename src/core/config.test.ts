import { describe, expect, it } from 'vitest';
import { BulwarkError } from './errors.js';
import { ConfigError, interpolateEnv, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('gives a working single-machine config from nothing', () => {
    const c = parseConfig(undefined);
    expect(c.server).toMatchObject({ host: '127.0.0.1', port: 8787 });
    expect(c.routes).toEqual([{ match: '*', upstream: 'ollama' }]);
    expect(c.upstreams.ollama?.type).toBe('ollama');
    expect(c.limits.perKey.requestsPerMinute).toBeGreaterThan(0);
  });

  it('reports every problem at once, each with its path', () => {
    let err: unknown;
    try {
      parseConfig({
        server: { port: 'x' },
        upstreams: { a: { type: 'bad', baseUrl: 'ftp://x' } },
        routes: [{ match: '*', upstream: 'nope' }],
        limits: { perKey: { concurrency: -1 } },
        surprise: true,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const paths = (err as ConfigError).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['server.port', 'upstreams.a.type', 'upstreams.a.baseUrl', 'routes[0].upstream', 'limits.perKey.concurrency', '(root)']));
    expect((err as ConfigError).code).toBe('CONFIG_INVALID');
  });

  it('rejects routes that name an unknown upstream even when the rest is valid', () => {
    expect(() => parseConfig({ routes: [{ match: 'x*', upstream: 'ghost' }] })).toThrow(/routes\[0\]\.upstream: unknown upstream "ghost"/);
  });

  it('accepts a multi-upstream config and keeps route order', () => {
    const c = parseConfig({
      upstreams: { o: { type: 'ollama', baseUrl: 'http://127.0.0.1:11434' }, v: { type: 'openai', baseUrl: 'http://10.0.0.1:8000/v1', apiKey: 'k' } },
      routes: [{ match: 'qwen*', upstream: 'v' }, { match: '*', upstream: 'o' }],
    });
    expect(c.routes.map((r) => r.upstream)).toEqual(['v', 'o']);
    expect(c.upstreams.v?.timeouts.headersMs).toBe(60_000);
  });

  it.each([[[]], ['a string'], [42], [{ server: [] }], [{ routes: {} }]])('rejects a wrong-shaped document %j', (raw) => {
    expect(() => parseConfig(raw)).toThrow(BulwarkError);
  });
});

describe('audit config', () => {
  it('is on by default with six months of retention and per-tenant overrides', () => {
    const c = parseConfig({ audit: { tenants: { acme: { retentionDays: 365 } } } });
    expect(c.audit).toMatchObject({ enabled: true, path: 'audit.db', masterKeyFile: 'master.key', content: true, retentionDays: 180, synchronous: 'normal', tenants: { acme: { retentionDays: 365 } } });
    expect(c.roles.ollamaAdmin).toEqual(['admin']);
  });

  it('reports bad audit values with their paths', () => {
    let err: unknown;
    try {
      parseConfig({ audit: { retentionDays: 0, subjectHeader: 'X Subject', synchronous: 'sometimes', tenants: { acme: { days: 3 } } } });
    } catch (e) {
      err = e;
    }
    expect((err as ConfigError).issues.map((i) => i.path)).toEqual(expect.arrayContaining(['audit.retentionDays', 'audit.subjectHeader', 'audit.synchronous', 'audit.tenants.acme']));
  });
});

describe('interpolateEnv', () => {
  it('replaces ${NAME} in nested strings and keeps $${ literal', () => {
    const out = interpolateEnv({ a: ['x-${K}'], b: { c: '$${NOT}' }, n: 3 }, { K: 'v' });
    expect(out).toEqual({ a: ['x-v'], b: { c: '${NOT}' }, n: 3 });
  });

  it('names the path of a missing variable, not its value', () => {
    expect(() => interpolateEnv({ upstreams: { d: { apiKey: '${MISSING_KEY}' } } }, {})).toThrow(/upstreams\.d\.apiKey: environment variable MISSING_KEY is not set/);
  });
});
