import { describe, expect, it } from 'vitest';
import { shippedData } from './data.js';
import { candidateOrder, compareVersions, decide, describe as describeService, identify, jsonPath, matchAdvisories, parseVersion, type ProbeResponse } from './matcher.js';

const res = (request: string, status: number, body: string, headers: Record<string, string> = {}): ProbeResponse => ({ request, status, body, headers });

function lookupFrom(responses: ProbeResponse[]) {
  const map = new Map(responses.map((r) => [r.request, r]));
  return (request: string) => (map.has(request) ? map.get(request)! : null);
}

describe('matcher', () => {
  const { fingerprints, advisories } = shippedData();
  const ollama = fingerprints.services.find((s) => s.id === 'ollama')!;

  it('asks for the first request it needs, then decides', () => {
    expect(decide(ollama.identify, () => undefined)).toEqual({ kind: 'need', request: 'GET /' });
    expect(decide(ollama.identify, lookupFrom([res('GET /', 200, 'Ollama is running')]))).toEqual({ kind: 'yes' });
    expect(decide(ollama.identify, lookupFrom([res('GET /', 200, 'Welcome to nginx')]))).toEqual({ kind: 'no' });
  });

  it('describes auth, version and postures', () => {
    const lookup = lookupFrom([res('GET /api/tags', 200, '{"models":[]}'), res('GET /api/version', 200, '{"version":"0.5.7"}')]);
    expect(describeService(ollama, lookup)).toMatchObject({ done: { auth: 'none', version: '0.5.7', postures: [] } });
  });

  it('malformed, hostile and huge JSON bodies match nothing and never throw', () => {
    for (const body of ['{"models": [', '[]', 'null', '"x"', '{"__proto__": {"models": []}}', `{"a":${'['.repeat(5000)}`, 'x'.repeat(100_000)]) {
      const lookup = lookupFrom([res('GET /', 200, body), res('GET /api/version', 200, body), res('GET /api/tags', 200, body)]);
      expect(identify(candidateOrder(fingerprints.services, 11434, 'http'), lookup)).toEqual({ done: null });
    }
  });

  it('jsonPath reads own properties only', () => {
    expect(jsonPath({ a: [{ b: 1 }] }, 'a.0.b')).toBe(1);
    expect(jsonPath({}, 'constructor')).toBeUndefined();
    expect(jsonPath({ a: 1 }, '')).toEqual({ a: 1 });
    expect(jsonPath([1], 'length')).toBeUndefined();
  });

  it('tries the port owner first and catch-alls last', () => {
    const order = candidateOrder(fingerprints.services, 6333, 'http').map((s) => s.id);
    expect(order[0]).toBe('bulwark-gateway');
    expect(order[1]).toBe('qdrant');
    expect(order.at(-1)).toBe('openai-compatible');
  });
});

describe('versions and advisories', () => {
  it('parses and compares dotted versions', () => {
    expect(parseVersion('v2.19.4 (abc)')).toEqual([2, 19, 4]);
    expect(parseVersion('none')).toBeUndefined();
    expect(compareVersions([0, 1, 33], [0, 1, 34])).toBe(-1);
    expect(compareVersions([24, 3, 1, 2672], [24, 3, 1])).toBe(1);
    expect(compareVersions([1, 0], [1, 0, 0])).toBe(0);
  });

  it('matches half-open ranges at their edges', () => {
    const { advisories } = shippedData();
    const ids = (service: string, v: string | undefined) => matchAdvisories(advisories.advisories, service, v).map((m) => m.advisory.id).sort();
    expect(ids('ollama', '0.1.28')).toContain('CVE-2024-28224');
    expect(ids('ollama', '0.1.29')).not.toContain('CVE-2024-28224');
    expect(ids('ollama', '0.1.34')).not.toContain('CVE-2024-37032');
    expect(ids('ollama', '0.17.0')).toEqual(['CVE-2026-7482', 'GO-2025-4251']);
    expect(ids('vllm', '0.6.4')).toEqual([]);
    expect(ids('vllm', '0.6.5')).toEqual(['CVE-2025-32444', 'CVE-2025-47277']);
    expect(ids('redis', '7.4.5')).toEqual(['CVE-2025-49844']);
    expect(ids('redis', '7.4.6')).toEqual([]);
    expect(ids('redis', '8.0.3')).toEqual(['CVE-2025-49844']);
    // Unknown version: only advisories for every version apply.
    expect(ids('ray-dashboard', undefined)).toEqual(['CVE-2023-48022']);
    expect(matchAdvisories(advisories.advisories, 'redis', '7.2.4')[0]!.fixed).toBe('7.2.11');
  });
});
