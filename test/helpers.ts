import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatMasterKey, generateMasterKey, openAuditTrail, type AuditTrail } from '../src/audit/index.js';
import { createLogger } from '../src/cli/logger.js';
import { parseConfig, type Clock, type Config, type KeyLimits, type Role } from '../src/core/index.js';
import { startFakeModel, type FakeModel, type FakeModelOptions, type RecordedRequest } from '../src/demo/index.js';
import { createApiKey, createGateway, type Gateway, type RequestRecord } from '../src/gateway/index.js';
import type { GuardFactory } from '../src/guards/index.js';
import { openSqliteStore, type Store } from '../src/store/index.js';

/**
 * Shared set-up for the end-to-end tests: the fake model on loopback, a real listening gateway in
 * front of it (in-process, SQLite file in a temp dir, silent log), and keys of every role.
 */

/** The upstream credential the gateway holds; clients must never see it, upstreams must get it. */
export const UPSTREAM_KEY = 'sk-upstream-held-by-the-gateway-0123456789';
export const QUESTION = 'What is the capital of France? Answer in one word please.';

type Json = Record<string, unknown>;
type ConfigOverrides = Json | ((fake: FakeModel) => Json);

export interface HarnessOptions {
  /** Deep-merged over the default test config; arrays (routes, guards.use) replace. */
  config?: ConfigOverrides;
  fake?: FakeModelOptions;
  guardFactories?: readonly GuardFactory[];
  clock?: Clock;
  /** Start an audit trail (journal mode) in the harness's directory: audit.db, master.key. */
  audit?: boolean;
}

export interface KeyOptions {
  tenantId?: string;
  allowedModels?: string[];
  limits?: Partial<KeyLimits>;
  expiresAt?: number | null;
}

export interface Harness {
  fake: FakeModel;
  gateway: Gateway;
  config: Config;
  /** Gateway base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  store: Store;
  dbPath: string;
  /** Keys created at start, tenant `acme`. */
  keys: Record<Role, string>;
  records: RequestRecord[];
  /** The harness's data directory (BULWARK_HOME for CLI runs against it). */
  dir: string;
  /** Set with options.audit. */
  audit?: AuditTrail;
  /** The raw master key of the audit trail. */
  masterKey?: Buffer;
  createKey(role: Role, options?: KeyOptions): { key: string; id: string };
  /** Requests the fake upstream received on a path (query string excluded). */
  receivedOn(path: string): RecordedRequest[];
  close(): Promise<void>;
}

function isPlainObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function deepMerge(base: Json, over: Json): Json {
  const out: Json = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function defaultConfig(fake: FakeModel, dbPath: string): Json {
  return {
    server: { host: '127.0.0.1', port: 0 },
    store: { path: dbPath },
    logging: { level: 'silent' },
    metrics: { enabled: true },
    upstreams: {
      // An OpenAI-format upstream (vLLM-like) and an Ollama one, both the fake model.
      'fake-openai': { type: 'openai', baseUrl: `${fake.url}/v1`, apiKey: UPSTREAM_KEY },
      'fake-ollama': { type: 'ollama', baseUrl: fake.url, apiKey: UPSTREAM_KEY },
    },
    routes: [
      { match: 'fake-gpt*', upstream: 'fake-openai' },
      { match: '*', upstream: 'fake-ollama' },
    ],
    // The proxy tests must not depend on which default guards the project ships; guard tests opt in.
    guards: { enabled: false },
  };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-e2e-'));
  const dbPath = join(dir, 'bulwark.db');
  const fake = await startFakeModel(options.fake);
  const overrides = typeof options.config === 'function' ? options.config(fake) : (options.config ?? {});
  const config = parseConfig(deepMerge(defaultConfig(fake, dbPath), overrides));
  const store = openSqliteStore({ path: dbPath });
  const records: RequestRecord[] = [];
  let audit: AuditTrail | undefined;
  let masterKey: Buffer | undefined;
  if (options.audit) {
    masterKey = generateMasterKey();
    writeFileSync(join(dir, 'master.key'), formatMasterKey(masterKey), { mode: 0o600 });
    audit = await openAuditTrail({ path: join(dir, 'audit.db'), masterKey, settings: config.audit, mode: 'journal', clock: options.clock });
  }
  const gateway = createGateway({
    config,
    store,
    logger: createLogger('silent', process.stderr),
    guardFactories: options.guardFactories,
    clock: options.clock,
    onRequestComplete: (r) => records.push(r),
    audit,
  });
  const url = await gateway.listen();

  const createKey = (role: Role, o: KeyOptions = {}): { key: string; id: string } => {
    const { key, record } = createApiKey(store, { tenantId: o.tenantId ?? 'acme', role, allowedModels: o.allowedModels, limits: o.limits, expiresAt: o.expiresAt ?? null }, Date.now());
    return { key, id: record.id };
  };
  const keys = { user: createKey('user').key, operator: createKey('operator').key, admin: createKey('admin').key, auditor: createKey('auditor').key };

  let closed = false;
  return {
    fake,
    gateway,
    config,
    url,
    store,
    dbPath,
    keys,
    records,
    dir,
    audit,
    masterKey,
    createKey,
    receivedOn: (path) => fake.received.filter((r) => r.path.split('?')[0] === path),
    async close() {
      if (closed) return;
      closed = true;
      await gateway.close();
      await audit?.close();
      await fake.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

async function asJson(res: Response): Promise<JsonResponse> {
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function authHeaders(key: string | undefined): Record<string, string> {
  return key === undefined ? {} : { authorization: `Bearer ${key}` };
}

export async function postJson(base: string, path: string, body: unknown, key?: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(key), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return asJson(res);
}

export async function call(base: string, method: string, path: string, key?: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...authHeaders(key), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return asJson(res);
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: any;
}

/**
 * A request through node:http, which sends the path exactly as given (fetch and undici normalise
 * `..` segments away, which would hide what the gateway does with them).
 */
export function rawHttp(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawResponse> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: Number(u.port), method, path, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error('raw request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** `data:` payloads of an SSE body, in order. */
export function sseData(text: string): string[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((frame) => frame.split(/\r?\n/).filter((l) => l.startsWith('data:')).map((l) => l.slice(l.startsWith('data: ') ? 6 : 5)).join('\n'))
    .filter((d) => d !== '');
}

export function ndjsonLines(text: string): Json[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Json);
}

/** Concatenated answer text of an OpenAI chat SSE body. */
export function sseChatText(text: string): string {
  return sseData(text)
    .filter((d) => d !== '[DONE]')
    .map((d) => JSON.parse(d) as { choices?: { delta?: { content?: string } }[] })
    .map((c) => c.choices?.[0]?.delta?.content ?? '')
    .join('');
}

export async function waitFor(condition: () => boolean, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** Chat bodies in both wire formats. */
export function openaiChat(model: string, content: string = QUESTION, extra: Json = {}): Json {
  return { model, messages: [{ role: 'user', content }], ...extra };
}

export function ollamaChat(model: string, content: string = QUESTION, extra: Json = {}): Json {
  return { model, messages: [{ role: 'user', content }], stream: false, ...extra };
}

/** A settable clock for tests that must not depend on how fast the machine is. */
export function manualClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let now = start;
  const clock = (() => now) as Clock & { advance(ms: number): void };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/**
 * Reads a streamed fetch body frame by frame (frames end with `sep`), recording when each one
 * arrived. Stops after `max` frames or at the end of the body.
 */
export async function readFrames(body: ReadableStream<Uint8Array>, sep: string, max = Infinity): Promise<{ frames: { text: string; at: number }[]; ended: boolean; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const frames: { text: string; at: number }[] = [];
  let buf = '';
  for (;;) {
    if (frames.length >= max) return { frames, ended: false, reader };
    const { value, done } = await reader.read();
    if (done) {
      if (buf !== '') frames.push({ text: buf, at: Date.now() });
      return { frames, ended: true, reader };
    }
    buf += decoder.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf(sep)) >= 0) {
      frames.push({ text: buf.slice(0, i), at: Date.now() });
      buf = buf.slice(i + sep.length);
    }
  }
}
