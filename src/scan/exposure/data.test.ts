import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BulwarkError } from '../../core/index.js';
import { allowedRequests, parseAdvisories, parseFingerprints, shippedData } from './data.js';

const raw = (name: string) => JSON.parse(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;

const REQUIRED_SERVICES = ['ollama', 'vllm', 'openai-compatible', 'comfyui', 'triton', 'ray-dashboard', 'mlflow', 'clickhouse', 'elasticsearch', 'redis', 'qdrant', 'chroma', 'weaviate', 'milvus', 'gradio', 'jupyter', 'open-webui', 'localai', 'xinference', 'dify', 'langserve'];

describe('shipped fingerprint and advisory data', () => {
  it('validate against their schemas, are versioned and cover every required service', () => {
    const { fingerprints, advisories } = shippedData();
    expect(fingerprints.schemaVersion).toBe(1);
    expect(advisories.schemaVersion).toBe(1);
    const ids = fingerprints.services.map((s) => s.id);
    for (const id of REQUIRED_SERVICES) expect(ids).toContain(id);
    expect(advisories.advisories.length).toBeGreaterThan(20);
  });

  it('hold only read-only requests: HTTP GET/HEAD, Redis PING and INFO server', () => {
    const requests = [...allowedRequests(shippedData().fingerprints)];
    expect(requests.length).toBeGreaterThan(20);
    for (const r of requests) expect(r).toMatch(/^((GET|HEAD) \/\S*|REDIS PING|REDIS INFO server)$/);
    // Nothing that names a write endpoint, even behind GET.
    for (const r of requests) expect(r).not.toMatch(/\/(pull|push|create|delete|copy|blobs|jobs|prompt|queue|install|invoke|setup\b(?!$))/);
    expect(requests.filter((r) => r.startsWith('REDIS')).sort()).toEqual(['REDIS INFO server', 'REDIS PING']);
  });

  it('every advisory names a fingerprinted service, a link and version ranges that parse', () => {
    const { fingerprints, advisories } = shippedData();
    const ids = new Set(fingerprints.services.map((s) => s.id));
    for (const a of advisories.advisories) {
      expect(ids.has(a.service), a.id).toBe(true);
      expect(a.links.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['a POST request', (f: any) => (f.services[1].identify[0][0].request = 'POST /api/pull')],
    ['a DELETE request', (f: any) => (f.services[1].identify[0][0].request = 'DELETE /api/delete')],
    ['a Redis write', (f: any) => (f.services.find((s: any) => s.id === 'redis').identify[0][0].request = 'REDIS FLUSHALL')],
    ['a request with a space in the path', (f: any) => (f.services[1].identify[0][0].request = 'GET /a b')],
    ['an HTTP request on the Redis service', (f: any) => (f.services.find((s: any) => s.id === 'redis').identify[0][0].request = 'GET /')],
    ['a broken regex', (f: any) => (f.services[1].identify[0][0].bodyMatches = '(')],
    ['an unknown capability', (f: any) => f.services[1].anonymous.push('launch-missiles')],
    ['a duplicate id', (f: any) => f.services.push(f.services[1])],
    ['another schema version', (f: any) => (f.schemaVersion = 2)],
    ['an unknown key', (f: any) => (f.services[1].exploit = true)],
  ])('rejects fingerprints with %s (EXPOSURE_DATA_INVALID)', (_name, mutate) => {
    const f = structuredClone(raw('fingerprints.json'));
    mutate(f);
    expect(() => parseFingerprints(f)).toThrow(BulwarkError);
    try {
      parseFingerprints(f);
    } catch (err) {
      expect((err as BulwarkError).code).toBe('EXPOSURE_DATA_INVALID');
    }
  });

  it.each([
    ['a malformed id', (a: any) => (a.advisories[0].id = 'CVE-24-1')],
    ['a version range that is not a version', (a: any) => (a.advisories[0].affected = [{ fixed: 'latest' }])],
    ['an unknown service', (a: any) => (a.advisories[0].service = 'nope')],
    ['no link', (a: any) => (a.advisories[0].links = [])],
    ['not JSON data at all', (a: any) => (a.advisories = 'x')],
  ])('rejects advisories with %s', (_name, mutate) => {
    const a = structuredClone(raw('advisories.json'));
    mutate(a);
    expect(() => parseAdvisories(a, shippedData().fingerprints.services.map((s) => s.id))).toThrow(/advisories\.json/);
  });
});
