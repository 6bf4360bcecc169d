import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';

/**
 * Fake AI services on loopback for the exposure scanner's tests. Each answers the documented
 * read-only endpoints of one real service with the bodies and headers that service sends (taken
 * from its API documentation), at a chosen version, with or without authentication, and records
 * every request it receives.
 */

export interface Recorded {
  method: string;
  /** Path with query, exactly as received. */
  url: string;
  /** "GET /path?query" or "REDIS PING" — the form the fingerprint data uses. */
  request: string;
}

export interface Fake {
  host: string;
  port: number;
  target: string;
  received: Recorded[];
  close(): Promise<void>;
}

type Reply = { status: number; headers?: Record<string, string>; body?: string | object };
type Route = (req: IncomingMessage) => Reply | undefined;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({ status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const text = (status: number, body: string, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): Reply => ({ status, headers: { 'content-type': type, ...headers }, body });

async function listen(server: HttpServer | NetServer, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function closer(server: HttpServer | NetServer, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

function track(server: HttpServer | NetServer): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

/** An HTTP fake from a route function; unmatched paths get the service's own 404. */
export async function startHttpFake(host: string, route: Route, notFound: Reply, serverHeader?: string): Promise<Fake> {
  const received: Recorded[] = [];
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', request: `${req.method} ${req.url}` });
    const reply = route(req) ?? notFound;
    const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    res.writeHead(reply.status, { ...(serverHeader ? { server: serverHeader } : {}), ...reply.headers, 'content-length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  const sockets = track(server);
  const port = await listen(server, host);
  return { host, port, target: `${host}:${port}`, received, close: closer(server, sockets) };
}

const path = (req: IncomingMessage) => req.url ?? '/';
const get = (req: IncomingMessage, p: string) => (req.method === 'GET' || req.method === 'HEAD') && path(req) === p;

// ---------------------------------------------------------------- model servers

export function fakeOllama(host: string, version: string): Promise<Fake> {
  // Ollama (Go, gin): plain-text root, JSON API, gin's plain 404; no authentication of its own.
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/')) return text(200, 'Ollama is running');
      if (get(req, '/api/version')) return json(200, { version });
      if (get(req, '/api/tags'))
        return json(200, {
          models: [
            {
              name: 'llama3.2:latest',
              model: 'llama3.2:latest',
              modified_at: '2024-10-01T12:00:00.000000000Z',
              size: 2019393189,
              digest: 'a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72',
              details: { parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
            },
          ],
        });
      return undefined;
    },
    text(404, '404 page not found'),
  );
}

export function fakeVllm(host: string, version: string, apiKey?: string): Promise<Fake> {
  // vLLM's OpenAI server (FastAPI/uvicorn): --api-key guards /v1 only.
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/version')) return json(200, { version });
      if (get(req, '/health')) return { status: 200 };
      if (path(req).startsWith('/v1') && apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}`) return json(401, { error: 'Unauthorized' });
      if (get(req, '/v1/models'))
        return json(200, {
          object: 'list',
          data: [{ id: 'Qwen/Qwen2.5-7B-Instruct', object: 'model', created: 1732531200, owned_by: 'vllm', root: 'Qwen/Qwen2.5-7B-Instruct', parent: null, max_model_len: 32768, permission: [{ id: 'modelperm-1', object: 'model_permission', created: 1732531200, allow_create_engine: false, allow_sampling: true, allow_logprobs: true, allow_search_indices: false, allow_view: true, allow_fine_tuning: false, organization: '*', group: null, is_blocking: false }] }],
        });
      return undefined;
    },
    json(404, { detail: 'Not Found' }),
    'uvicorn',
  );
}

export function fakeOpenAiCompatible(host: string, apiKey?: string): Promise<Fake> {
  // llama.cpp's llama-server: OpenAI-style /v1/models, owned_by "llamacpp", --api-key → 401 OpenAI error.
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/health')) return json(200, { status: 'ok' });
      if (apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}` && path(req).startsWith('/v1')) return json(401, { error: { code: 401, message: 'Invalid API Key', type: 'authentication_error' } });
      if (get(req, '/v1/models')) return json(200, { object: 'list', data: [{ id: 'qwen2.5-7b-instruct-q4_k_m.gguf', object: 'model', created: 1732531200, owned_by: 'llamacpp', meta: { n_ctx_train: 32768 } }] });
      return undefined;
    },
    json(404, { error: { code: 404, message: 'File Not Found', type: 'not_found_error' } }),
  );
}

export function fakeTriton(host: string, version: string): Promise<Fake> {
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/v2'))
        return json(200, { name: 'triton', version, extensions: ['classification', 'sequence', 'model_repository', 'model_repository(unload_dependents)', 'schedule_policy', 'model_configuration', 'system_shared_memory', 'cuda_shared_memory', 'binary_tensor_data', 'parameters', 'statistics', 'trace', 'logging'] });
      if (get(req, '/v2/health/ready') || get(req, '/v2/health/live')) return { status: 200 };
      return undefined;
    },
    json(400, { error: 'Not Found' }),
  );
}

export function fakeLocalAi(host: string, version: string, apiKey?: string): Promise<Fake> {
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/healthz') || get(req, '/readyz')) return { status: 200 };
      if (apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}`) return json(401, { error: { code: 401, message: 'An authentication key is required', type: 'invalid_request_error' } });
      if (get(req, '/')) return text(200, '<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>LocalAI API - v' + version + '</title></head><body><div id="app">LocalAI</div></body></html>', 'text/html; charset=utf-8');
      if (get(req, '/version')) return json(200, { version: `v${version}` });
      if (get(req, '/v1/models')) return json(200, { object: 'list', data: [{ id: 'gpt-4', object: 'model' }, { id: 'whisper-1', object: 'model' }] });
      return undefined;
    },
    text(404, 'Cannot GET', 'text/plain; charset=utf-8'),
  );
}

export function fakeXinference(host: string, version: string, auth: boolean): Promise<Fake> {
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/v1/cluster/auth')) return json(200, { auth });
      if (auth && req.headers.authorization === undefined) return json(401, { detail: 'Not authenticated' });
      if (get(req, '/v1/cluster/version')) return json(200, { date: '2024-11-22T10:00:00+0800', dirty: false, error: null, 'full-revisionid': '5b3f2b7c9c4e1a2d3e4f5a6b7c8d9e0f1a2b3c4d', version });
      if (get(req, '/v1/models')) return json(200, { object: 'list', data: [] });
      return undefined;
    },
    json(404, { detail: 'Not Found' }),
    'uvicorn',
  );
}

// ---------------------------------------------------------------- apps and platforms

export function fakeComfyUi(host: string, version: string): Promise<Fake> {
  const stats = {
    system: { os: 'posix', ram_total: 67108864000, ram_free: 50331648000, comfyui_version: version, python_version: '3.12.3 (main, Sep 11 2024, 14:17:37) [GCC 13.2.0]', pytorch_version: '2.6.0+cu124', embedded_python: false, argv: ['main.py', '--listen', '0.0.0.0'] },
    devices: [{ name: 'cuda:0 NVIDIA GeForce RTX 4090 : cudaMallocAsync', type: 'cuda', index: 0, vram_total: 25393692672, vram_free: 24077434880, torch_vram_total: 0, torch_vram_free: 0 }],
  };
  return startHttpFake(host, (req) => (get(req, '/api/system_stats') || get(req, '/system_stats') ? json(200, stats) : undefined), text(404, '404: Not Found'), 'Python/3.12 aiohttp/3.10.10');
}

export function fakeRayDashboard(host: string, version: string): Promise<Fake> {
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/')) return text(200, '<!doctype html><html lang="en"><head><meta charset="utf-8"/><title>Ray Dashboard</title><script defer="defer" src="./static/js/main.js"></script></head><body><div id="root"></div></body></html>', 'text/html');
      if (get(req, '/api/version')) return json(200, { version: '4', ray_version: version, ray_commit: '8d286f03c8a8ea3d5e7e2d0f9d1d2c8d0f7f4c6b', session_name: 'session_2024-11-25_10-00-00_000000_1' });
      return undefined;
    },
    text(404, '404: Not Found'),
    'Python/3.10 aiohttp/3.9.5',
  );
}

export function fakeMlflow(host: string, version: string, basicAuth: boolean): Promise<Fake> {
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/health')) return text(200, 'OK');
      if (basicAuth && req.headers.authorization === undefined)
        return text(401, 'You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on how to authenticate.', 'text/html; charset=utf-8', { 'www-authenticate': 'Basic realm="mlflow"' });
      if (get(req, '/version')) return text(200, version);
      if (get(req, '/ajax-api/2.0/mlflow/experiments/get?experiment_id=0'))
        return json(200, { experiment: { experiment_id: '0', name: 'Default', artifact_location: 'mlflow-artifacts:/0', lifecycle_stage: 'active', last_update_time: 1732531200000, creation_time: 1732531200000 } });
      return undefined;
    },
    text(404, '<!doctype html><title>404 Not Found</title><h1>Not Found</h1>', 'text/html; charset=utf-8'),
    'gunicorn',
  );
}

export function fakeGradio(host: string, version: string, auth: boolean): Promise<Fake> {
  const config = { version, mode: 'blocks', app_id: 1234567890, dev_mode: false, analytics_enabled: false, components: [{ id: 1, type: 'textbox', props: { label: 'Prompt' } }], css: null, title: 'Gradio', is_space: false, enable_queue: true, show_error: false, theme: 'default', protocol: 'sse_v3', root: '' };
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/')) {
        const pageConfig = auth ? { auth_required: true, auth_message: null, space_id: null, root: '' } : config;
        return text(200, `<!doctype html><html><head><meta charset="utf-8"><script>window.__gradio_mode__ = "app"; window.gradio_config = ${JSON.stringify(pageConfig)};</script></head><body><gradio-app></gradio-app></body></html>`, 'text/html; charset=utf-8');
      }
      if (get(req, '/config')) return auth ? json(401, { detail: 'Not authenticated' }) : json(200, config);
      return undefined;
    },
    json(404, { detail: 'Not Found' }),
    'uvicorn',
  );
}

export function fakeJupyter(host: string, version: string, token: boolean): Promise<Fake> {
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/api')) return json(200, { version });
      if (get(req, '/api/kernels')) return token ? json(403, { message: 'Forbidden', reason: null }) : json(200, [{ id: '9f2c6a0e-0000-4000-8000-000000000001', name: 'python3', last_activity: '2024-11-25T10:00:00.000000Z', execution_state: 'idle', connections: 0 }]);
      if (get(req, '/')) return { status: 302, headers: { location: token ? '/login?next=%2Ftree%3F' : '/tree?' } };
      return undefined;
    },
    json(404, { message: 'Not Found', reason: null }),
    'TornadoServer/6.4.1',
  );
}

export function fakeOpenWebUi(host: string, version: string, state: { auth: boolean; signup: boolean; onboarding: boolean }): Promise<Fake> {
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/api/config'))
        return json(200, {
          status: true,
          name: 'Open WebUI',
          version,
          default_locale: '',
          oauth: { providers: {} },
          features: { auth: state.auth, auth_trusted_header: false, enable_ldap: false, enable_api_key: true, enable_signup: state.signup, enable_login_form: true, enable_websocket: true },
          ...(state.onboarding ? { onboarding: true } : {}),
        });
      if (get(req, '/health')) return json(200, { status: true });
      if (get(req, '/')) return text(200, '<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>Open WebUI</title></head><body></body></html>', 'text/html; charset=utf-8');
      return undefined;
    },
    json(404, { detail: 'Not Found' }),
    'uvicorn',
  );
}

export function fakeDify(host: string, setupDone: boolean): Promise<Fake> {
  return startHttpFake(
    host,
    (req) => (get(req, '/console/api/setup') ? json(200, setupDone ? { step: 'finished', setup_at: '2024-11-25T10:00:00' } : { step: 'not_started' }) : undefined),
    json(404, { code: 'not_found', message: 'The requested URL was not found on the server.', status: 404 }),
    'nginx',
  );
}

export function fakeLangServe(host: string, withSecurity: boolean): Promise<Fake> {
  const paths: Record<string, unknown> = {};
  for (const p of ['invoke', 'batch', 'stream', 'stream_log', 'stream_events']) paths[`/joke/${p}`] = { post: { summary: `${p} joke`, operationId: `${p}_joke` } };
  for (const p of ['input_schema', 'output_schema', 'config_schema']) paths[`/joke/${p}`] = { get: { summary: p } };
  const doc = { openapi: '3.1.0', info: { title: 'LangChain Server', description: "A simple api server using Langchain's Runnable interfaces", version: '1.0' }, paths, components: withSecurity ? { securitySchemes: { HTTPBearer: { type: 'http', scheme: 'bearer' } } } : {} };
  return startHttpFake(host, (req) => (get(req, '/openapi.json') ? json(200, doc) : undefined), json(404, { detail: 'Not Found' }), 'uvicorn');
}

// ---------------------------------------------------------------- data stores

export function fakeClickHouse(host: string, version: string, password: boolean): Promise<Fake> {
  const common = { 'x-clickhouse-server-display-name': 'ch-1', 'x-clickhouse-timezone': 'UTC' };
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/') || get(req, '/ping')) return text(200, 'Ok.\n', 'text/html; charset=UTF-8', common);
      if (path(req).startsWith('/?query=')) {
        if (password)
          // exceptionCodeToHTTPStatus.cpp: AUTHENTICATION_FAILED → 403 (REQUIRED_PASSWORD → 401).
          return text(403, `Code: 516. DB::Exception: default: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED) (version ${version} (official build))\n`, 'text/plain; charset=UTF-8', { ...common, 'x-clickhouse-exception-code': '516' });
        if (decodeURIComponent(path(req).slice('/?query='.length)) === 'SELECT version()')
          return text(200, `${version}\n`, 'text/tab-separated-values; charset=UTF-8', { ...common, 'x-clickhouse-query-id': 'b1c2d3e4-0000-4000-8000-000000000001', 'x-clickhouse-format': 'TabSeparated', 'x-clickhouse-summary': '{"read_rows":"1","read_bytes":"1","written_rows":"0","written_bytes":"0","total_rows_to_read":"0","result_rows":"0","result_bytes":"0","elapsed_ns":"1048576"}' });
      }
      return undefined;
    },
    text(404, 'There is no handle /nope\n', 'text/plain; charset=UTF-8', common),
  );
}

export function fakeElasticsearch(host: string, version: string, security: boolean): Promise<Fake> {
  return startHttpFake(
    host,
    (req) => {
      if (security && req.headers.authorization === undefined)
        return json(
          401,
          { error: { root_cause: [{ type: 'security_exception', reason: `missing authentication credentials for REST request [${path(req)}]`, header: { 'WWW-Authenticate': ['Basic realm="security" charset="UTF-8"', 'ApiKey'] } }], type: 'security_exception', reason: `missing authentication credentials for REST request [${path(req)}]`, header: { 'WWW-Authenticate': ['Basic realm="security" charset="UTF-8"', 'ApiKey'] } }, status: 401 },
          { 'www-authenticate': 'Basic realm="security" charset="UTF-8", ApiKey', 'x-elastic-product': 'Elasticsearch' },
        );
      if (get(req, '/'))
        return json(
          200,
          { name: 'es-node-1', cluster_name: 'docker-cluster', cluster_uuid: 'x4tqvUBqS2SYV7D3xZk1sA', version: { number: version, build_flavor: 'default', build_type: 'docker', build_hash: '09520b59b6bc1057340b55750186466ea715e30e', build_date: '2024-03-22T14:04:55.456285Z', build_snapshot: false, lucene_version: '9.10.0', minimum_wire_compatibility_version: '7.17.0', minimum_index_compatibility_version: '7.0.0' }, tagline: 'You Know, for Search' },
          { 'x-elastic-product': 'Elasticsearch' },
        );
      return undefined;
    },
    json(400, { error: 'no handler found for uri [/nope] and method [GET]' }, { 'x-elastic-product': 'Elasticsearch' }),
  );
}

export function fakeQdrant(host: string, version: string, apiKey?: string): Promise<Fake> {
  return startHttpFake(
    host,
    (req) => {
      // Qdrant leaves /, /healthz, /livez and /readyz open when an API key is set.
      if (get(req, '/')) return json(200, { title: 'qdrant - vector search engine', version, commit: '4d5c4a5f2e1b0a9c8d7e6f5a4b3c2d1e0f9a8b7c' });
      if (get(req, '/healthz')) return text(200, 'healthz check passed');
      if (apiKey !== undefined && req.headers['api-key'] !== apiKey) return text(403, 'Must provide an API key or an Authorization bearer token');
      if (get(req, '/collections')) return json(200, { result: { collections: [{ name: 'docs' }] }, status: 'ok', time: 0.000012 });
      return undefined;
    },
    json(404, { status: { error: 'Not found' }, time: 0 }),
  );
}

export function fakeChroma(host: string, version: string, opts: { api: 'v1' | 'v2'; auth: boolean }): Promise<Fake> {
  const v = `/api/${opts.api}`;
  return startHttpFake(
    host,
    (req) => {
      if (get(req, `${v}/heartbeat`)) return json(200, { 'nanosecond heartbeat': 1732531200123456789 });
      if (get(req, `${v}/version`)) return json(200, version);
      if (opts.auth && req.headers['x-chroma-token'] === undefined && req.headers.authorization === undefined) return json(401, { error: 'AuthError', message: 'Unauthorized' });
      if (opts.api === 'v2' && get(req, '/api/v2/auth/identity')) return json(200, { user_id: '', tenant: 'default_tenant', databases: ['default_database'] });
      if (opts.api === 'v1' && get(req, '/api/v1/collections')) return json(200, [{ name: 'docs', id: '1b4a5c6d-0000-4000-8000-000000000001', metadata: null }]);
      return undefined;
    },
    json(404, { detail: 'Not Found' }),
    'uvicorn',
  );
}

export function fakeWeaviate(host: string, version: string, auth: boolean): Promise<Fake> {
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/v1/.well-known/ready') || get(req, '/v1/.well-known/live')) return { status: 200 };
      if (auth && req.headers.authorization === undefined) return json(401, { code: 401, message: 'anonymous access not enabled, please provide an auth scheme such as OIDC' });
      if (get(req, '/v1/meta')) return json(200, { hostname: 'http://[::]:8080', modules: { 'text2vec-openai': { documentationHref: 'https://platform.openai.com/docs/guides/embeddings/what-are-embeddings', name: 'OpenAI Module' } }, version });
      return undefined;
    },
    json(404, { code: 404, message: 'path /nope was not found' }),
  );
}

export function fakeMilvus(host: string, auth: boolean): Promise<Fake> {
  return startHttpFake(
    host,
    (req) => {
      if (get(req, '/v1/vector/collections')) return auth && req.headers.authorization === undefined ? json(200, { code: 1800, message: "user hasn't authenticated" }) : json(200, { code: 200, data: ['docs', 'chat_memory'] });
      return undefined;
    },
    text(404, '404 page not found'),
  );
}

/** Redis speaking RESP2 on a raw socket: PING, INFO and AUTH; an HTTP request line gets -ERR and a close, as Redis does. */
export async function fakeRedis(host: string, version: string, password?: string): Promise<Fake> {
  const received: Recorded[] = [];
  const server = createNetServer((socket) => {
    let buf = Buffer.alloc(0);
    let authed = password === undefined;
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const cmd = takeCommand(buf);
        if (!cmd) return;
        buf = buf.subarray(cmd.bytes);
        const name = (cmd.args[0] ?? '').toUpperCase();
        if (cmd.inline && /^host:/i.test(cmd.args[0] ?? '')) {
          // Redis 3.2.7+ treats "Host:" as a cross-protocol attack and drops the client.
          socket.destroy();
          return;
        }
        const httpLine = cmd.inline && /^HTTP\/1\.[01]$/.test(cmd.args[2] ?? '');
        received.push({ method: httpLine ? cmd.args[0]! : 'REDIS', url: httpLine ? cmd.args[1]! : cmd.args.join(' '), request: httpLine ? `${cmd.args[0]} ${cmd.args[1]}` : `REDIS ${[name, ...cmd.args.slice(1)].join(' ')}` });
        if (name === 'AUTH') {
          authed = cmd.args[1] === password;
          socket.write(authed ? '+OK\r\n' : '-WRONGPASS invalid username-password pair or user is disabled.\r\n');
        } else if (!authed) socket.write('-NOAUTH Authentication required.\r\n');
        else if (name === 'PING') socket.write('+PONG\r\n');
        else if (name === 'INFO') {
          const info = `# Server\r\nredis_version:${version}\r\nredis_git_sha1:00000000\r\nredis_git_dirty:0\r\nredis_build_id:7d4c2f0e3c1a2b9d\r\nredis_mode:standalone\r\nos:Linux 6.8.0-49-generic x86_64\r\narch_bits:64\r\nmultiplexing_api:epoll\r\ngcc_version:12.2.0\r\nprocess_id:1\r\ntcp_port:6379\r\nuptime_in_seconds:86400\r\n`;
          socket.write(`$${Buffer.byteLength(info)}\r\n${info}\r\n`);
        } else socket.write(`-ERR unknown command '${name.slice(0, 20)}', with args beginning with: \r\n`);
      }
    });
  });
  const sockets = track(server);
  const port = await listen(server, host);
  return { host, port, target: `${host}:${port}`, received, close: closer(server, sockets) };
}

function takeCommand(buf: Buffer): { args: string[]; bytes: number; inline: boolean } | undefined {
  if (buf.length === 0) return undefined;
  if (buf[0] !== 0x2a) {
    const eol = buf.indexOf('\n');
    if (eol < 0) return undefined;
    const line = buf.subarray(0, eol).toString('latin1').replace(/\r$/, '');
    return { args: line.split(' ').filter((a) => a !== ''), bytes: eol + 1, inline: true };
  }
  let pos = buf.indexOf('\r\n');
  if (pos < 0) return undefined;
  const n = Number(buf.subarray(1, pos).toString('latin1'));
  pos += 2;
  const args: string[] = [];
  for (let i = 0; i < n; i++) {
    const eol = buf.indexOf('\r\n', pos);
    if (eol < 0) return undefined;
    const len = Number(buf.subarray(pos + 1, eol).toString('latin1'));
    const start = eol + 2;
    if (buf.length < start + len + 2) return undefined;
    args.push(buf.subarray(start, start + len).toString('utf8'));
    pos = start + len + 2;
  }
  return { args, bytes: pos, inline: false };
}

// ---------------------------------------------------------------- unknown and hostile peers

/** An nginx default page: open port, no AI service. */
export function fakeNginx(host: string): Promise<Fake> {
  return startHttpFake(host, (req) => (get(req, '/') ? text(200, '<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>', 'text/html') : undefined), text(404, '<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx/1.27.2</center></body></html>', 'text/html'), 'nginx/1.27.2');
}

export interface RawFake extends Fake {
  /** Bytes written to all clients so far. */
  bytesWritten(): number;
}

/** A raw TCP peer driven by `onConnection`; records the first line of what each client sent. */
export async function startRawFake(host: string, onConnection: (socket: Socket, count: (n: number) => void) => void): Promise<RawFake> {
  const received: Recorded[] = [];
  let written = 0;
  const server = createNetServer((socket) => {
    socket.on('error', () => {});
    let first = true;
    socket.on('data', (chunk: Buffer) => {
      if (!first) return;
      first = false;
      const line = chunk.subarray(0, Math.max(0, chunk.indexOf('\r\n'))).toString('latin1');
      const [method = '', url = ''] = line.split(' ');
      received.push({ method, url, request: /^\*\d/.test(line) ? `RESP ${chunk.toString('latin1').replace(/\r\n/g, ' ').trim()}` : `${method} ${url}` });
    });
    onConnection(socket, (n) => (written += n));
  });
  const sockets = track(server);
  const port = await listen(server, host);
  return { host, port, target: `${host}:${port}`, received, close: closer(server, sockets), bytesWritten: () => written };
}

/** Accepts and never answers. */
export const fakeBlackHole = (host: string) => startRawFake(host, () => {});

/** Answers every request with a 100 MB body, written as fast as the client reads. */
export const fakeHuge = (host: string, totalBytes = 100 * 1024 * 1024) =>
  startRawFake(host, (socket, count) => {
    socket.once('data', () => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${totalBytes}\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < totalBytes && !socket.destroyed) {
          sent += chunk.length;
          count(chunk.length);
          if (!socket.write(chunk)) return void socket.once('drain', pump);
        }
        socket.end();
      };
      pump();
    });
  });

/** Drip-feeds a valid-looking answer one byte a second. */
export const fakeDrip = (host: string, intervalMs = 1000) =>
  startRawFake(host, (socket, count) => {
    socket.once('data', () => {
      const answer = Buffer.from('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 1000\r\n\r\n' + 'x'.repeat(1000));
      let i = 0;
      const timer = setInterval(() => {
        if (socket.destroyed || i >= answer.length) return clearInterval(timer);
        socket.write(answer.subarray(i, i + 1));
        count(1);
        i += 1;
      }, intervalMs);
      socket.on('close', () => clearInterval(timer));
    });
  });

/** Answers with bytes that are not HTTP (a broken status line and header block). */
export const fakeMalformedHttp = (host: string) =>
  startRawFake(host, (socket) => {
    socket.once('data', () => {
      socket.end('HTTP/1.1 2OO OK\r\nContent-Length: banana\r\n\x00\x01\x02garbage\r\n\r\n{');
    });
  });

/** Valid HTTP, announced JSON, malformed body — on every path. */
export function fakeMalformedJson(host: string): Promise<Fake> {
  return startHttpFake(host, () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"models": [{"name": "llama3", "size": 12' }), { status: 404 });
}
