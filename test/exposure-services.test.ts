import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedRequests, shippedData } from '../src/scan/exposure/index.js';
import type { ScanReport } from '../src/scan/report/index.js';
import * as F from './exposure-fakes.js';
import { findingsOf, parseReport, runExposure, serviceFinding } from './exposure-helpers.js';

/**
 * Every fingerprinted service, faked faithfully on loopback at chosen versions with and without
 * authentication, scanned in one run through the real CLI; the scanner must name each one with
 * its version and auth state, match advisories by version, call an nginx page unknown, and never
 * send anything but the read-only requests of the data file.
 */

interface Case {
  name: string;
  start: (host: string) => Promise<F.Fake>;
  service: string;
  version: string | null;
  auth: 'none' | 'required' | 'unknown';
  advisories?: string[];
  postures?: string[];
}

const CASES: Case[] = [
  { name: 'Ollama 0.1.33 (Probllama-vulnerable)', start: (h) => F.fakeOllama(h, '0.1.33'), service: 'ollama', version: '0.1.33', auth: 'none', advisories: ['CVE-2024-37032', 'CVE-2024-39720', 'CVE-2024-39721', 'CVE-2024-39722', 'CVE-2024-45436', 'CVE-2026-7482', 'GO-2025-4251'] },
  { name: 'Ollama 0.17.1', start: (h) => F.fakeOllama(h, '0.17.1'), service: 'ollama', version: '0.17.1', auth: 'none', advisories: ['GO-2025-4251'] },
  { name: 'vLLM 0.8.4 open', start: (h) => F.fakeVllm(h, '0.8.4'), service: 'vllm', version: '0.8.4', auth: 'none', advisories: ['CVE-2025-32444', 'CVE-2025-47277'] },
  { name: 'vLLM 0.9.1 with --api-key', start: (h) => F.fakeVllm(h, '0.9.1', 'sk-test-key'), service: 'vllm', version: '0.9.1', auth: 'required', advisories: [] },
  { name: 'llama.cpp server (OpenAI-compatible) open', start: (h) => F.fakeOpenAiCompatible(h), service: 'openai-compatible', version: null, auth: 'none' },
  { name: 'llama.cpp server with --api-key', start: (h) => F.fakeOpenAiCompatible(h, 'k'), service: 'openai-compatible', version: null, auth: 'required' },
  { name: 'Triton 2.59.0 (25.06)', start: (h) => F.fakeTriton(h, '2.59.0'), service: 'triton', version: '2.59.0', auth: 'none', advisories: ['CVE-2025-23310', 'CVE-2025-23319'] },
  { name: 'Triton 2.60.0', start: (h) => F.fakeTriton(h, '2.60.0'), service: 'triton', version: '2.60.0', auth: 'none', advisories: [] },
  { name: 'LocalAI 2.19.4 open', start: (h) => F.fakeLocalAi(h, '2.19.4'), service: 'localai', version: '2.19.4', auth: 'none' },
  // With API_KEY set LocalAI answers 401 everywhere but /healthz: it is only recognisable as an OpenAI-style API.
  { name: 'LocalAI with API_KEY', start: (h) => F.fakeLocalAi(h, '2.19.4', 'k'), service: 'openai-compatible', version: null, auth: 'required' },
  { name: 'Xinference 1.0.1 open', start: (h) => F.fakeXinference(h, '1.0.1', false), service: 'xinference', version: '1.0.1', auth: 'none' },
  { name: 'Xinference with auth', start: (h) => F.fakeXinference(h, '1.0.1', true), service: 'xinference', version: null, auth: 'required' },
  { name: 'ComfyUI 0.3.27', start: (h) => F.fakeComfyUi(h, '0.3.27'), service: 'comfyui', version: '0.3.27', auth: 'none' },
  { name: 'Ray dashboard 2.8.0', start: (h) => F.fakeRayDashboard(h, '2.8.0'), service: 'ray-dashboard', version: '2.8.0', auth: 'none', advisories: ['CVE-2023-48022', 'CVE-2023-6019', 'CVE-2023-6020', 'CVE-2023-6021'] },
  { name: 'Ray dashboard 2.40.0', start: (h) => F.fakeRayDashboard(h, '2.40.0'), service: 'ray-dashboard', version: '2.40.0', auth: 'none', advisories: ['CVE-2023-48022'] },
  { name: 'MLflow 2.3.0 open', start: (h) => F.fakeMlflow(h, '2.3.0', false), service: 'mlflow', version: '2.3.0', auth: 'none', advisories: ['CVE-2023-2780'] },
  { name: 'MLflow with basic auth', start: (h) => F.fakeMlflow(h, '2.18.0', true), service: 'mlflow', version: null, auth: 'required' },
  { name: 'Gradio 4.19.1 open', start: (h) => F.fakeGradio(h, '4.19.1', false), service: 'gradio', version: '4.19.1', auth: 'none', advisories: ['CVE-2024-1728'] },
  { name: 'Gradio with auth', start: (h) => F.fakeGradio(h, '5.9.1', true), service: 'gradio', version: null, auth: 'required' },
  { name: 'Jupyter Server 2.14.2 without token', start: (h) => F.fakeJupyter(h, '2.14.2', false), service: 'jupyter', version: '2.14.2', auth: 'none' },
  { name: 'Jupyter Server with token', start: (h) => F.fakeJupyter(h, '2.14.2', true), service: 'jupyter', version: '2.14.2', auth: 'required' },
  { name: 'Open WebUI, onboarding open', start: (h) => F.fakeOpenWebUi(h, '0.5.20', { auth: true, signup: true, onboarding: true }), service: 'open-webui', version: '0.5.20', auth: 'required', postures: ['EXPOSURE_SETUP_OPEN', 'EXPOSURE_SIGNUP_OPEN'] },
  { name: 'Open WebUI, WEBUI_AUTH=False', start: (h) => F.fakeOpenWebUi(h, '0.6.5', { auth: false, signup: false, onboarding: false }), service: 'open-webui', version: '0.6.5', auth: 'none', postures: [] },
  { name: 'Open WebUI, set up, sign-up closed', start: (h) => F.fakeOpenWebUi(h, '0.6.5', { auth: true, signup: false, onboarding: false }), service: 'open-webui', version: '0.6.5', auth: 'required', postures: [] },
  { name: 'Dify, setup not started', start: (h) => F.fakeDify(h, false), service: 'dify', version: null, auth: 'none', postures: ['EXPOSURE_SETUP_OPEN'] },
  { name: 'Dify, set up', start: (h) => F.fakeDify(h, true), service: 'dify', version: null, auth: 'required', postures: [] },
  { name: 'LangServe open', start: (h) => F.fakeLangServe(h, false), service: 'langserve', version: null, auth: 'none' },
  { name: 'LangServe with a bearer dependency', start: (h) => F.fakeLangServe(h, true), service: 'langserve', version: null, auth: 'required' },
  { name: 'ClickHouse 24.3.1.2672 open', start: (h) => F.fakeClickHouse(h, '24.3.1.2672', false), service: 'clickhouse', version: '24.3.1.2672', auth: 'none' },
  { name: 'ClickHouse with a password', start: (h) => F.fakeClickHouse(h, '24.8.4.13', true), service: 'clickhouse', version: '24.8.4.13', auth: 'required' },
  { name: 'Elasticsearch 8.13.0 open', start: (h) => F.fakeElasticsearch(h, '8.13.0', false), service: 'elasticsearch', version: '8.13.0', auth: 'none' },
  { name: 'Elasticsearch with security', start: (h) => F.fakeElasticsearch(h, '8.13.0', true), service: 'elasticsearch', version: null, auth: 'required' },
  { name: 'Redis 7.2.4 open (RediShell)', start: (h) => F.fakeRedis(h, '7.2.4'), service: 'redis', version: '7.2.4', auth: 'none', advisories: ['CVE-2025-49844'] },
  { name: 'Redis 7.4.6 open', start: (h) => F.fakeRedis(h, '7.4.6'), service: 'redis', version: '7.4.6', auth: 'none', advisories: [] },
  { name: 'Redis with requirepass', start: (h) => F.fakeRedis(h, '7.2.4', 'secret-pass'), service: 'redis', version: null, auth: 'required' },
  { name: 'Qdrant 1.8.4 open', start: (h) => F.fakeQdrant(h, '1.8.4'), service: 'qdrant', version: '1.8.4', auth: 'none', advisories: ['CVE-2024-3584', 'CVE-2024-3829'] },
  { name: 'Qdrant 1.12.0 with api key', start: (h) => F.fakeQdrant(h, '1.12.0', 'qk'), service: 'qdrant', version: '1.12.0', auth: 'required', advisories: [] },
  { name: 'Chroma 1.0.12 (v2 API) open', start: (h) => F.fakeChroma(h, '1.0.12', { api: 'v2', auth: false }), service: 'chroma', version: '1.0.12', auth: 'none' },
  { name: 'Chroma 1.0.12 (v2 API) with auth', start: (h) => F.fakeChroma(h, '1.0.12', { api: 'v2', auth: true }), service: 'chroma', version: '1.0.12', auth: 'required' },
  { name: 'Chroma 0.5.20 (v1 API) open', start: (h) => F.fakeChroma(h, '0.5.20', { api: 'v1', auth: false }), service: 'chroma', version: '0.5.20', auth: 'none' },
  { name: 'Weaviate 1.24.1 open', start: (h) => F.fakeWeaviate(h, '1.24.1', false), service: 'weaviate', version: '1.24.1', auth: 'none' },
  { name: 'Weaviate with auth', start: (h) => F.fakeWeaviate(h, '1.24.1', true), service: 'weaviate', version: null, auth: 'required' },
  { name: 'Milvus open', start: (h) => F.fakeMilvus(h, false), service: 'milvus', version: null, auth: 'none' },
  { name: 'Milvus with authorization', start: (h) => F.fakeMilvus(h, true), service: 'milvus', version: null, auth: 'required' },
  { name: 'nginx default page', start: (h) => F.fakeNginx(h), service: 'unknown', version: null, auth: 'unknown' },
];

const fakes: F.Fake[] = [];
let report: ScanReport;
let code: number;

beforeAll(async () => {
  // Spread over several loopback addresses: 127.0.0.2 … 127.0.0.9.
  for (const [i, c] of CASES.entries()) fakes.push(await c.start(`127.0.0.${2 + (i % 8)}`));
  const r = await runExposure([...fakes.map((f) => f.target), '--format', 'json', '--fail-on', 'high', '--timeout', '3000']);
  code = r.code;
  report = parseReport(r.out);
}, 60_000);

afterAll(async () => {
  await Promise.all(fakes.map((f) => f.close()));
});

describe('exposure scanner against faithful fakes of every service', () => {
  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const c = CASES[i]!;
    const target = fakes[i]!.target;
    const f = serviceFinding(report, target);
    expect(f, `no service finding for ${target}`).toBeDefined();
    expect(f!.properties?.service).toBe(c.service);
    if (c.service === 'unknown') {
      expect(f!.code).toBe('EXPOSURE_UNKNOWN_SERVICE');
      return;
    }
    expect(f!.properties?.version).toBe(c.version);
    expect(f!.properties?.auth).toBe(c.auth);
    expect(f!.code).toBe(c.auth === 'none' ? 'EXPOSURE_NO_AUTH' : 'EXPOSURE_AUTH_REQUIRED');
    if (c.advisories) {
      const ids = findingsOf(report, target).filter((x) => x.code === 'EXPOSURE_VULNERABLE_VERSION').map((x) => x.references![0]);
      expect(ids.sort()).toEqual([...c.advisories].sort());
    }
    if (c.postures) {
      expect(findingsOf(report, target).filter((x) => x.code === 'EXPOSURE_SETUP_OPEN' || x.code === 'EXPOSURE_SIGNUP_OPEN').map((x) => x.code).sort()).toEqual([...c.postures].sort());
    }
  });

  it('reports what an anonymous caller could do, and fails the scan on it', () => {
    const ollama = serviceFinding(report, fakes[0]!.target)!;
    expect(ollama.severity).toBe('critical');
    expect(ollama.properties?.capabilities).toEqual(['list-models', 'pull-models', 'delete-models', 'run-inference']);
    expect(ollama.message).toContain('delete models');
    expect(ollama.failing).toBe(true);
    expect(code).toBe(1);
    const setup = findingsOf(report, fakes[CASES.findIndex((c) => c.name.startsWith('Open WebUI, onboarding'))]!.target).find((x) => x.code === 'EXPOSURE_SETUP_OPEN')!;
    expect(setup.severity).toBe('critical');
    expect(setup.title).toContain('first visitor');
  });

  it('counts every target, and no target errs', () => {
    expect(report.errors).toEqual([]);
    expect(report.scanned).toBe(CASES.length);
    expect(report.stats.unknown).toBe(1);
    expect(report.stats.services).toBe(CASES.length - 1);
  });

  it('probes an unknown service with a bounded number of requests, none repeated', () => {
    const nginx = fakes[CASES.findIndex((c) => c.service === 'unknown')]!;
    const sent = nginx.received.map((r) => r.request);
    expect(sent.length).toBeGreaterThan(5);
    expect(sent.length).toBeLessThanOrEqual(48);
    expect(new Set(sent).size).toBe(sent.length);
    // A recognised service costs only the requests its decision needed (on a port no service owns,
    // the Bulwark-gateway check comes first).
    expect(fakes[0]!.received.map((r) => r.request)).toEqual(['GET /v1/models', 'GET /', 'GET /api/tags', 'GET /api/version']);
  });

  it('never sent anything but the read-only requests listed in the fingerprint data', () => {
    const allowed = allowedRequests(shippedData().fingerprints);
    const sent = fakes.flatMap((f) => f.received);
    expect(sent.length).toBeGreaterThan(CASES.length);
    for (const r of sent) {
      expect(allowed.has(r.request), `${r.request} is not an allowed request`).toBe(true);
      expect(['GET', 'HEAD', 'REDIS']).toContain(r.method);
      if (r.method === 'REDIS') expect(['PING', 'INFO server']).toContain(r.url);
    }
  });
});
