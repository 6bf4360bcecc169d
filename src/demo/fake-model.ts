import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fakeAnswerPieces, fakeEmbedding, fakeTokenCount, float32Base64 } from './fake-answers.js';

/**
 * A deterministic model server on loopback speaking the OpenAI and Ollama wire formats, for the
 * demo, the end-to-end tests and the benchmark. Models named `fault-*` misbehave on purpose so a
 * test can provoke upstream failures through the gateway just by choosing the model.
 */

export interface FakeModelOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port chosen by the OS. */
  port?: number;
  /** Content chunks per streamed answer (and pieces per answer). Default 20. */
  streamChunks?: number;
  /** Models listed and accepted. Default ['fake-llama', 'fake-gpt']. Names starting with `fault-` are refused. */
  models?: string[];
  /** Pause between streamed content chunks. Default 0. */
  chunkDelayMs?: number;
  /** Record requests in `received`. Default true; the benchmark turns it off. */
  record?: boolean;
  /** Only the most recent requests are kept, so a long run cannot grow without bound. Default 10,000. */
  maxRecorded?: number;
}

export interface RecordedRequest {
  method: string;
  /** The request target as sent: path and query string. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Filled in once the whole body has arrived. */
  body: string;
  receivedAt: number;
  /** True when the client went away before the response was complete (not when the fake model cut it off itself). */
  closedEarly: boolean;
  closedAt?: number;
}

export interface FakeModel {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 (OpenAI clients add /v1). */
  readonly url: string;
  readonly port: number;
  /** Requests in arrival order, oldest first; emptied by reset(). */
  readonly received: RecordedRequest[];
  /** Forgets recorded requests and restores the model list and blob store to their initial state. */
  reset(): void;
  /** Stops listening and destroys open connections, hanging ones included. Idempotent. */
  close(): Promise<void>;
}

type Wire = 'openai' | 'ollama';
type Json = Record<string, unknown>;

const FAULTS = new Set(['fault-hang', 'fault-die-midstream', 'fault-invalid-json', 'fault-slow-stream', 'fault-500']);
const FAULT_PREFIX = 'fault-';
const DIE_AFTER_CHUNKS = 3;
const SLOW_CHUNK_INTERVAL_MS = 100;
const SLOW_STREAM_MAX_MS = 60_000;
/** Cut in the middle of an object so no JSON parser can accept it. */
const INVALID_JSON_BODY = '{"id":"fake-broken","choices":[{"message":{"content":"this body is cut off';

// Identical requests must give identical bytes, so no response carries the clock.
const CREATED_SECONDS = 1_700_000_000;
const CREATED_AT = new Date(CREATED_SECONDS * 1000).toISOString();
const EXPIRES_AT = '2099-01-01T00:00:00.000Z';
const FINGERPRINT = 'fp_bulwark_fake';
const OLLAMA_VERSION = '0.6.0-fake';
const MODEL_DETAILS = {
  parent_model: '',
  format: 'gguf',
  family: 'llama',
  families: ['llama'],
  parameter_size: '8.0B',
  quantization_level: 'Q4_K_M',
} as const;

const SSE_TYPE = 'text/event-stream; charset=utf-8';
const NDJSON_TYPE = 'application/x-ndjson';
const JSON_TYPE = 'application/json; charset=utf-8';
const SSE_DONE = 'data: [DONE]\n\n';
const EMPTY = Buffer.alloc(0);
/** One shared abort reason: building a DOMException per request costs more than the rest of a small answer. */
const CONNECTION_CLOSED = new Error('the connection closed before the response was complete');

interface Settings {
  readonly streamChunks: number;
  readonly models: readonly string[];
  readonly chunkDelayMs: number;
  readonly record: boolean;
  readonly maxRecorded: number;
}

interface FakeState {
  readonly settings: Settings;
  readonly received: RecordedRequest[];
  models: string[];
  readonly blobs: Set<string>;
  closing: boolean;
}

/** One request and its response, with what the handlers learn along the way. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Path without the query string, used for routing. */
  readonly path: string;
  readonly wire: Wire;
  /** Aborted when the connection closes first, so pauses and backpressure waits end with it. */
  readonly gone: AbortSignal;
  raw: Buffer;
  /** Set before the fake model destroys the socket itself, so that is not recorded as the client leaving. */
  serverAborted: boolean;
}

/** What a model endpoint answers, before fault injection decides how it is delivered. */
interface Answer {
  readonly model: string;
  body(): unknown;
  /** Present when the client asked for a stream. */
  readonly stream?: StreamShape | undefined;
}

interface StreamShape {
  readonly contentType: string;
  readonly pieces: readonly string[];
  /** One wire frame carrying one piece of content. */
  frame(piece: string, index: number, last: boolean): string;
  /** Frames after the content (usage, [DONE], Ollama's done line), given the text actually streamed. */
  tail(streamed: string): readonly string[];
}

type Handler = (state: FakeState, ex: Exchange) => void | Promise<void>;

export async function startFakeModel(options: FakeModelOptions = {}): Promise<FakeModel> {
  const host = options.host ?? '127.0.0.1';
  const settings = resolveSettings(options);
  const state: FakeState = { settings, received: [], models: [...settings.models], blobs: new Set(), closing: false };
  const sockets = new Set<Socket>();

  const server = createServer({ noDelay: true }, (req, res) => {
    void handle(state, req, res);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    received: state.received,
    reset() {
      state.received.length = 0;
      state.models = [...settings.models];
      state.blobs.clear();
    },
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        state.closing = true;
        server.close((err) => (err ? reject(err) : resolve()));
        // server.close() only stops accepting; hanging and slow responses would hold it open forever.
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

function resolveSettings(options: FakeModelOptions): Settings {
  const streamChunks = options.streamChunks ?? 20;
  const chunkDelayMs = options.chunkDelayMs ?? 0;
  const maxRecorded = options.maxRecorded ?? 10_000;
  const models = options.models ?? ['fake-llama', 'fake-gpt'];
  if (!Number.isInteger(streamChunks) || streamChunks < 1) throw new RangeError(`streamChunks must be a positive integer, got ${streamChunks}`);
  if (!Number.isFinite(chunkDelayMs) || chunkDelayMs < 0) throw new RangeError(`chunkDelayMs must be >= 0, got ${chunkDelayMs}`);
  if (!Number.isInteger(maxRecorded) || maxRecorded < 0) throw new RangeError(`maxRecorded must be a non-negative integer, got ${maxRecorded}`);
  for (const model of models) {
    if (model.length === 0 || model.startsWith(FAULT_PREFIX)) throw new RangeError(`model names must be non-empty and not start with "${FAULT_PREFIX}": "${model}"`);
  }
  return { streamChunks, chunkDelayMs, maxRecorded, models: [...models], record: options.record ?? true };
}

async function handle(state: FakeState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = req.url ?? '/';
  const query = target.indexOf('?');
  const path = query === -1 ? target : target.slice(0, query);
  // Created on first use: most answers are written in one go and never wait (the benchmark's hot path).
  let closed: AbortController | undefined;
  const ex: Exchange = {
    req,
    res,
    path,
    wire: path.startsWith('/v1/') ? 'openai' : 'ollama',
    get gone() {
      closed ??= new AbortController();
      if (res.destroyed) closed.abort(CONNECTION_CLOSED);
      return closed.signal;
    },
    raw: EMPTY,
    serverAborted: false,
  };
  const record = state.settings.record ? remember(state, req, target) : undefined;

  // A client that disconnects makes both streams emit errors; they are expected, not crashes.
  req.on('error', noop);
  res.on('error', noop);
  res.on('close', () => {
    if (res.writableFinished) return;
    closed?.abort(CONNECTION_CLOSED);
    if (record !== undefined && !ex.serverAborted && !state.closing) {
      record.closedEarly = true;
      record.closedAt = Date.now();
    }
  });

  try {
    ex.raw = await readBody(req);
    if (record !== undefined) record.body = ex.raw.toString('utf8');
    await route(state, ex);
  } catch (err) {
    if (res.destroyed) return;
    if (!res.headersSent) sendError(ex, 500, `fake model failed: ${err instanceof Error ? err.message : String(err)}`, 'fake_internal');
    else res.destroy();
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.once('close', () => {
      if (!req.complete) reject(CONNECTION_CLOSED);
    });
  });
}

function noop(): void {}

function remember(state: FakeState, req: IncomingMessage, target: string): RecordedRequest | undefined {
  const { maxRecorded } = state.settings;
  if (maxRecorded === 0) return undefined;
  const record: RecordedRequest = { method: req.method ?? 'GET', path: target, headers: { ...req.headers }, body: '', receivedAt: Date.now(), closedEarly: false };
  state.received.push(record);
  if (state.received.length > maxRecorded) state.received.splice(0, state.received.length - maxRecorded);
  return record;
}

const ROUTES: ReadonlyMap<string, Readonly<Record<string, Handler>>> = new Map<string, Record<string, Handler>>([
  ['/', { GET: ollamaRoot, HEAD: ollamaRoot }],
  ['/v1/chat/completions', { POST: openaiChat }],
  ['/v1/completions', { POST: openaiCompletions }],
  ['/v1/embeddings', { POST: openaiEmbeddings }],
  ['/v1/models', { GET: openaiModels }],
  ['/api/chat', { POST: ollamaChat }],
  ['/api/generate', { POST: ollamaGenerate }],
  ['/api/embed', { POST: ollamaEmbed }],
  ['/api/embeddings', { POST: ollamaLegacyEmbeddings }],
  ['/api/tags', { GET: ollamaTags }],
  ['/api/show', { POST: ollamaShow }],
  ['/api/version', { GET: ollamaVersion }],
  ['/api/ps', { GET: ollamaPs }],
  ['/api/pull', { POST: ollamaPull }],
  ['/api/push', { POST: ollamaPush }],
  ['/api/create', { POST: ollamaCreate }],
  ['/api/copy', { POST: ollamaCopy }],
  ['/api/delete', { DELETE: ollamaDelete }],
]);

const PREFIX_ROUTES: ReadonlyArray<readonly [string, Readonly<Record<string, Handler>>]> = [
  ['/v1/models/', { GET: openaiModel }],
  ['/api/blobs/', { HEAD: ollamaBlobHead, POST: ollamaBlobUpload }],
];

function route(state: FakeState, ex: Exchange): void | Promise<void> {
  const methods = ROUTES.get(ex.path) ?? PREFIX_ROUTES.find(([prefix]) => ex.path.startsWith(prefix) && ex.path.length > prefix.length)?.[1];
  if (methods === undefined) return sendError(ex, 404, `no route for ${ex.req.method ?? ''} ${ex.path}`, 'not_found');
  const handler = methods[ex.req.method ?? ''];
  if (handler === undefined) {
    ex.res.setHeader('allow', Object.keys(methods).join(', '));
    return sendError(ex, 405, `${ex.req.method ?? ''} is not allowed on ${ex.path}`, 'method_not_allowed');
  }
  return handler(state, ex);
}

// ---------------------------------------------------------------- answers

/**
 * `fake-echo*` models repeat the question whole (`fake-echo-system*`: the system prompt), in 3-character pieces, so placeholders and
 * other values the gateway rewrites are cut across stream chunks (`<PER` | `SON_1>`); every
 * other model gives the fixed fake answer.
 */
function answerPieces(model: string, question: string, count: number): string[] {
  if (!model.startsWith('fake-echo')) return fakeAnswerPieces(question, count);
  const pieces: string[] = [];
  for (let i = 0; i < question.length; i += 3) pieces.push(question.slice(i, i + 3));
  return pieces.length > 0 ? pieces : [''];
}

// ---------------------------------------------------------------- OpenAI

function openaiChat(state: FakeState, ex: Exchange): Promise<void> | void {
  const body = parseBody(ex);
  const model = body && requireModel(state, ex, body);
  if (body === undefined || model === undefined) return;
  if (!Array.isArray(body.messages) || body.messages.length === 0) return sendError(ex, 400, "'messages' must be a non-empty array", 'invalid_value', 'messages');
  const messages = body.messages as unknown[];
  const promptTokens = fakeTokenCount(messages.map((m) => textOf(isRecord(m) ? m.content : undefined)).join(''));
  const pieces = answerPieces(model, chatQuestion(model, messages), state.settings.streamChunks);
  const content = pieces.join('');
  const id = `chatcmpl-${requestDigest(ex).slice(0, 24)}`;
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const chunk = (choices: unknown[], extra: Json = {}): string =>
    sse({ id, object: 'chat.completion.chunk', created: CREATED_SECONDS, model, system_fingerprint: FINGERPRINT, choices, ...extra });

  return deliver(state, ex, {
    model,
    body: () => ({
      id,
      object: 'chat.completion',
      created: CREATED_SECONDS,
      model,
      system_fingerprint: FINGERPRINT,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: openaiUsage(promptTokens, fakeTokenCount(content)),
    }),
    stream:
      body.stream === true
        ? {
            contentType: SSE_TYPE,
            pieces,
            // With include_usage, OpenAI sends `usage: null` on every chunk and the totals in an extra chunk with no choices.
            frame: (piece, index, last) =>
              chunk(
                [{ index: 0, delta: index === 0 ? { role: 'assistant', content: piece } : { content: piece }, logprobs: null, finish_reason: last ? 'stop' : null }],
                includeUsage ? { usage: null } : {},
              ),
            tail: (streamed) => [...(includeUsage ? [chunk([], { usage: openaiUsage(promptTokens, fakeTokenCount(streamed)) })] : []), SSE_DONE],
          }
        : undefined,
  });
}

function openaiCompletions(state: FakeState, ex: Exchange): Promise<void> | void {
  const body = parseBody(ex);
  const model = body && requireModel(state, ex, body);
  if (body === undefined || model === undefined) return;
  const prompt = typeof body.prompt === 'string' ? body.prompt : Array.isArray(body.prompt) ? body.prompt.filter((p) => typeof p === 'string').join('\n') : undefined;
  if (prompt === undefined) return sendError(ex, 400, "'prompt' must be a string or an array of strings", 'invalid_value', 'prompt');
  const promptTokens = fakeTokenCount(prompt);
  const pieces = answerPieces(model, prompt, state.settings.streamChunks);
  const text = pieces.join('');
  const id = `cmpl-${requestDigest(ex).slice(0, 24)}`;
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const completion = (choices: unknown[], extra: Json = {}): Json => ({ id, object: 'text_completion', created: CREATED_SECONDS, model, system_fingerprint: FINGERPRINT, choices, ...extra });

  return deliver(state, ex, {
    model,
    body: () => completion([{ text, index: 0, logprobs: null, finish_reason: 'stop' }], { usage: openaiUsage(promptTokens, fakeTokenCount(text)) }),
    stream:
      body.stream === true
        ? {
            contentType: SSE_TYPE,
            pieces,
            frame: (piece, _index, last) => sse(completion([{ text: piece, index: 0, logprobs: null, finish_reason: last ? 'stop' : null }], includeUsage ? { usage: null } : {})),
            tail: (streamed) => [...(includeUsage ? [sse(completion([], { usage: openaiUsage(promptTokens, fakeTokenCount(streamed)) }))] : []), SSE_DONE],
          }
        : undefined,
  });
}

function openaiEmbeddings(state: FakeState, ex: Exchange): Promise<void> | void {
  const body = parseBody(ex);
  const model = body && requireModel(state, ex, body);
  if (body === undefined || model === undefined) return;
  const inputs = embeddingInputs(body.input, true);
  if (inputs === undefined) return sendError(ex, 400, "'input' must be a non-empty string, array of strings or array of token arrays", 'invalid_value', 'input');
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') return sendError(ex, 400, "'encoding_format' must be 'float' or 'base64'", 'invalid_value', 'encoding_format');
  const promptTokens = inputs.reduce((sum, input) => sum + fakeTokenCount(input), 0);
  return deliver(state, ex, {
    model,
    body: () => ({
      object: 'list',
      data: inputs.map((input, index) => {
        const vector = fakeEmbedding(input);
        return { object: 'embedding', index, embedding: format === 'base64' ? float32Base64(vector) : vector };
      }),
      model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    }),
  });
}

function openaiModels(state: FakeState, ex: Exchange): void {
  sendJson(ex.res, 200, { object: 'list', data: state.models.map(openaiModelObject) });
}

function openaiModel(state: FakeState, ex: Exchange): void {
  const id = safeDecode(ex.path.slice('/v1/models/'.length));
  const known = state.models.find((m) => sameModel(m, id));
  if (known === undefined) return sendError(ex, 404, `The model \`${id}\` does not exist or you do not have access to it.`, 'model_not_found', 'model');
  sendJson(ex.res, 200, openaiModelObject(known));
}

function openaiModelObject(id: string): Json {
  return { id, object: 'model', created: CREATED_SECONDS, owned_by: 'bulwark-fake' };
}

function openaiUsage(promptTokens: number, completionTokens: number): Json {
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

// ---------------------------------------------------------------- Ollama

function ollamaRoot(_state: FakeState, ex: Exchange): void {
  // The banner exposure scanners fingerprint Ollama by.
  sendText(ex.res, 200, 'Ollama is running');
}

function ollamaChat(state: FakeState, ex: Exchange): Promise<void> | void {
  const body = parseBody(ex);
  const model = body && requireModel(state, ex, body);
  if (body === undefined || model === undefined) return;
  if (body.messages !== undefined && !Array.isArray(body.messages)) return sendError(ex, 400, 'messages must be an array');
  const messages = (body.messages ?? []) as unknown[];
  const promptTokens = fakeTokenCount(messages.map((m) => textOf(isRecord(m) ? m.content : undefined)).join(''));
  const pieces = answerPieces(model, chatQuestion(model, messages), state.settings.streamChunks);
  const content = pieces.join('');
  const head = { model, created_at: CREATED_AT };
  const done = (text: string, evalTokens: number): Json => ({
    ...head,
    message: { role: 'assistant', content: text },
    done_reason: 'stop',
    done: true,
    ...ollamaStats(promptTokens, evalTokens),
  });

  return deliver(state, ex, {
    model,
    body: () => done(content, fakeTokenCount(content)),
    // Ollama streams unless the request says `"stream": false`.
    stream:
      body.stream !== false
        ? {
            contentType: NDJSON_TYPE,
            pieces,
            frame: (piece) => ndjson({ ...head, message: { role: 'assistant', content: piece }, done: false }),
            tail: (streamed) => [ndjson(done('', fakeTokenCount(streamed)))],
          }
        : undefined,
  });
}

function ollamaGenerate(state: FakeState, ex: Exchange): Promise<void> | void {
  const body = parseBody(ex);
  const model = body && requireModel(state, ex, body);
  if (body === undefined || model === undefined) return;
  if (body.prompt !== undefined && typeof body.prompt !== 'string') return sendError(ex, 400, 'prompt must be a string');
  const prompt = (body.prompt as string | undefined) ?? '';
  const system = typeof body.system === 'string' ? body.system : '';
  const promptTokens = fakeTokenCount(system + prompt);
  const pieces = answerPieces(model, prompt, state.settings.streamChunks);
  const text = pieces.join('');
  const head = { model, created_at: CREATED_AT };
  const context = Array.from(Buffer.from(requestDigest(ex).slice(0, 16), 'hex'));
  const done = (response: string, evalTokens: number): Json => ({
    ...head,
    response,
    done: true,
    done_reason: 'stop',
    context,
    ...ollamaStats(promptTokens, evalTokens),
  });

  return deliver(state, ex, {
    model,
    body: () => done(text, fakeTokenCount(text)),
    stream:
      body.stream !== false
        ? {
            contentType: NDJSON_TYPE,
            pieces,
            frame: (piece) => ndjson({ ...head, response: piece, done: false }),
            tail: (streamed) => [ndjson(done('', fakeTokenCount(streamed)))],
          }
        : undefined,
  });
}

function ollamaEmbed(state: FakeState, ex: Exchange): Promise<void> | void {
  const body = parseBody(ex);
  const model = body && requireModel(state, ex, body);
  if (body === undefined || model === undefined) return;
  const inputs = embeddingInputs(body.input, false);
  if (inputs === undefined) return sendError(ex, 400, 'input must be a non-empty string or array of strings');
  const promptTokens = inputs.reduce((sum, input) => sum + fakeTokenCount(input), 0);
  return deliver(state, ex, {
    model,
    body: () => ({ model, embeddings: inputs.map(fakeEmbedding), ...pick(ollamaStats(promptTokens, 0), 'total_duration', 'load_duration', 'prompt_eval_count') }),
  });
}

function ollamaLegacyEmbeddings(state: FakeState, ex: Exchange): Promise<void> | void {
  const body = parseBody(ex);
  const model = body && requireModel(state, ex, body);
  if (body === undefined || model === undefined) return;
  if (typeof body.prompt !== 'string') return sendError(ex, 400, 'prompt must be a string');
  const prompt = body.prompt;
  return deliver(state, ex, { model, body: () => ({ embedding: fakeEmbedding(prompt) }) });
}

function ollamaTags(state: FakeState, ex: Exchange): void {
  sendJson(ex.res, 200, { models: state.models.map((name) => ({ name, model: name, modified_at: CREATED_AT, ...modelFacts(name) })) });
}

function ollamaPs(state: FakeState, ex: Exchange): void {
  // The first listed model plays the one loaded in memory.
  const loaded = state.models.slice(0, 1).map((name) => {
    const facts = modelFacts(name);
    return { name, model: name, ...facts, expires_at: EXPIRES_AT, size_vram: facts.size };
  });
  sendJson(ex.res, 200, { models: loaded });
}

function ollamaVersion(_state: FakeState, ex: Exchange): void {
  sendJson(ex.res, 200, { version: OLLAMA_VERSION });
}

function ollamaShow(state: FakeState, ex: Exchange): void {
  const body = parseBody(ex);
  const name = body && requireName(ex, body);
  if (name === undefined) return;
  const known = state.models.find((m) => sameModel(m, name));
  if (known === undefined) return sendError(ex, 404, `model '${name}' not found`);
  sendJson(ex.res, 200, {
    license: 'Fake model licence: for tests only.',
    modelfile: `# Modelfile of the Bulwark fake model\nFROM ${known}\nTEMPLATE "{{ .Prompt }}"\n`,
    parameters: 'stop "<|eot_id|>"',
    template: '{{ .Prompt }}',
    details: MODEL_DETAILS,
    model_info: { 'general.architecture': 'llama', 'general.parameter_count': 8_030_261_248, 'llama.context_length': 8192 },
    capabilities: ['completion'],
    modified_at: CREATED_AT,
  });
}

function ollamaPull(state: FakeState, ex: Exchange): Promise<void> | void {
  const body = parseBody(ex);
  const name = body && requireName(ex, body);
  if (body === undefined || name === undefined) return;
  const digest = sha256Hex(name);
  const total = modelFacts(name).size;
  if (!name.startsWith(FAULT_PREFIX)) addModel(state, name);
  return sendProgress(ex, body.stream !== false, [
    { status: 'pulling manifest' },
    { status: `pulling ${digest.slice(0, 12)}`, digest: `sha256:${digest}`, total, completed: 0 },
    { status: `pulling ${digest.slice(0, 12)}`, digest: `sha256:${digest}`, total, completed: total },
    { status: 'verifying sha256 digest' },
    { status: 'writing manifest' },
    { status: 'success' },
  ]);
}

function ollamaPush(state: FakeState, ex: Exchange): Promise<void> | void {
  const body = parseBody(ex);
  const name = body && requireName(ex, body);
  if (body === undefined || name === undefined) return;
  if (!state.models.some((m) => sameModel(m, name))) return sendError(ex, 404, `model '${name}' not found`);
  const digest = sha256Hex(name);
  const total = modelFacts(name).size;
  return sendProgress(ex, body.stream !== false, [
    { status: 'retrieving manifest' },
    { status: 'starting upload', digest: `sha256:${digest}`, total },
    { status: 'pushing manifest' },
    { status: 'success' },
  ]);
}

function ollamaCreate(state: FakeState, ex: Exchange): Promise<void> | void {
  const body = parseBody(ex);
  const name = body && requireName(ex, body);
  if (body === undefined || name === undefined) return;
  if (!name.startsWith(FAULT_PREFIX)) addModel(state, name);
  return sendProgress(ex, body.stream !== false, [
    { status: 'gathering model components' },
    { status: `using existing layer sha256:${sha256Hex(`${name}/weights`)}` },
    { status: 'writing manifest' },
    { status: 'success' },
  ]);
}

function ollamaCopy(state: FakeState, ex: Exchange): void {
  const body = parseBody(ex);
  if (body === undefined) return;
  const { source, destination } = body;
  if (typeof source !== 'string' || source === '' || typeof destination !== 'string' || destination === '') {
    return sendError(ex, 400, 'source and destination are required');
  }
  if (!state.models.some((m) => sameModel(m, source))) return sendError(ex, 404, `model '${source}' not found`);
  if (!destination.startsWith(FAULT_PREFIX)) addModel(state, destination);
  sendEmpty(ex.res, 200);
}

function ollamaDelete(state: FakeState, ex: Exchange): void {
  const body = parseBody(ex);
  const name = body && requireName(ex, body);
  if (name === undefined) return;
  const index = state.models.findIndex((m) => sameModel(m, name));
  if (index === -1) return sendError(ex, 404, `model '${name}' not found`);
  state.models.splice(index, 1);
  sendEmpty(ex.res, 200);
}

const BLOB_DIGEST = /^sha256:[0-9a-f]{64}$/;

function ollamaBlobHead(state: FakeState, ex: Exchange): void {
  const digest = safeDecode(ex.path.slice('/api/blobs/'.length));
  if (!BLOB_DIGEST.test(digest)) return sendError(ex, 400, 'invalid digest format');
  sendEmpty(ex.res, state.blobs.has(digest) ? 200 : 404);
}

function ollamaBlobUpload(state: FakeState, ex: Exchange): void {
  const digest = safeDecode(ex.path.slice('/api/blobs/'.length));
  if (!BLOB_DIGEST.test(digest)) return sendError(ex, 400, 'invalid digest format');
  if (`sha256:${createHash('sha256').update(ex.raw).digest('hex')}` !== digest) return sendError(ex, 400, 'digest mismatch');
  state.blobs.add(digest);
  sendEmpty(ex.res, 201);
}

function ollamaStats(promptTokens: number, evalTokens: number): Record<string, number> {
  // Plausible nanosecond timings that depend only on the token counts.
  const loadDuration = 1_000_000;
  const promptEvalDuration = promptTokens * 100_000;
  const evalDuration = evalTokens * 1_000_000;
  return {
    total_duration: loadDuration + promptEvalDuration + evalDuration,
    load_duration: loadDuration,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: promptEvalDuration,
    eval_count: evalTokens,
    eval_duration: evalDuration,
  };
}

function modelFacts(name: string): { size: number; digest: string; details: typeof MODEL_DETAILS } {
  const digest = sha256Hex(name);
  return { size: 4_000_000_000 + Number.parseInt(digest.slice(0, 7), 16), digest, details: MODEL_DETAILS };
}

function addModel(state: FakeState, name: string): void {
  if (!state.models.some((m) => sameModel(m, name))) state.models.push(name);
}

async function sendProgress(ex: Exchange, stream: boolean, lines: readonly Json[]): Promise<void> {
  if (!stream) return sendJson(ex.res, 200, lines[lines.length - 1]);
  ex.res.writeHead(200, { 'content-type': NDJSON_TYPE });
  for (const line of lines) if (!(await write(ex, ndjson(line)))) return;
  ex.res.end();
}

// ---------------------------------------------------------------- delivery and faults

function deliver(state: FakeState, ex: Exchange, answer: Answer): Promise<void> | void {
  switch (faultOf(answer.model)) {
    case undefined:
      return answer.stream === undefined ? sendJson(ex.res, 200, answer.body()) : streamAnswer(state, ex, answer.stream);
    case 'fault-hang':
      // Never answer: the socket stays open until the client gives up or close() destroys it.
      return;
    case 'fault-500':
      return sendError(ex, 500, 'fault-500: the fake model failed on purpose', 'fake_fault');
    case 'fault-invalid-json':
      return sendRaw(ex.res, 200, JSON_TYPE, INVALID_JSON_BODY);
    case 'fault-die-midstream':
      return answer.stream === undefined ? dieMidBody(ex, answer.body()) : dieMidStream(ex, answer.stream);
    case 'fault-slow-stream':
      return answer.stream === undefined ? slowBody(state, ex, answer.body()) : slowStream(ex, answer.stream);
    default:
      throw new Error(`unhandled fault ${answer.model}`);
  }
}

async function streamAnswer(state: FakeState, ex: Exchange, shape: StreamShape): Promise<void> {
  ex.res.writeHead(200, streamHeaders(shape.contentType));
  const { pieces } = shape;
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0 && state.settings.chunkDelayMs > 0 && !(await pause(state.settings.chunkDelayMs, ex.gone))) return;
    if (!(await write(ex, shape.frame(pieces[i] ?? '', i, i === pieces.length - 1)))) return;
  }
  for (const frame of shape.tail(pieces.join(''))) if (!(await write(ex, frame))) return;
  ex.res.end();
}

async function dieMidStream(ex: Exchange, shape: StreamShape): Promise<void> {
  ex.res.writeHead(200, streamHeaders(shape.contentType));
  const count = Math.min(DIE_AFTER_CHUNKS, shape.pieces.length);
  for (let i = 0; i < count; i++) {
    if (!(await flushed(ex, shape.frame(shape.pieces[i] ?? '', i, false)))) return;
  }
  ex.serverAborted = true;
  ex.res.destroy();
}

async function dieMidBody(ex: Exchange, body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  // The declared length promises the whole body, so the client sees a truncated response, not a short one.
  ex.res.writeHead(200, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
  if (!(await flushed(ex, text.slice(0, Math.floor(text.length / 2))))) return;
  ex.serverAborted = true;
  ex.res.destroy();
}

async function slowStream(ex: Exchange, shape: StreamShape): Promise<void> {
  ex.res.writeHead(200, streamHeaders(shape.contentType));
  const frames = Math.floor(SLOW_STREAM_MAX_MS / SLOW_CHUNK_INTERVAL_MS);
  let streamed = '';
  for (let i = 0; i < frames; i++) {
    if (i > 0 && !(await pause(SLOW_CHUNK_INTERVAL_MS, ex.gone))) return;
    const piece = shape.pieces[i % shape.pieces.length] ?? '';
    streamed += piece;
    if (!(await write(ex, shape.frame(piece, i, i === frames - 1)))) return;
  }
  for (const frame of shape.tail(streamed)) if (!(await write(ex, frame))) return;
  ex.res.end();
}

async function slowBody(state: FakeState, ex: Exchange, body: unknown): Promise<void> {
  // A non-streamed answer takes as long as its stream would at the slow pace.
  if (!(await pause(SLOW_CHUNK_INTERVAL_MS * state.settings.streamChunks, ex.gone))) return;
  sendJson(ex.res, 200, body);
}

function faultOf(model: string): string | undefined {
  const name = stripLatest(model);
  return FAULTS.has(name) ? name : undefined;
}

// ---------------------------------------------------------------- request helpers

function parseBody(ex: Exchange): Json | undefined {
  let value: unknown;
  try {
    value = JSON.parse(ex.raw.toString('utf8'));
  } catch {
    sendError(ex, 400, ex.wire === 'openai' ? 'We could not parse the JSON body of your request.' : 'invalid JSON in request body', 'invalid_json');
    return undefined;
  }
  if (!isRecord(value)) {
    sendError(ex, 400, 'the request body must be a JSON object', 'invalid_json');
    return undefined;
  }
  return value;
}

/** The model a generation or embedding request names, or undefined after answering 400/404 like the real server. */
function requireModel(state: FakeState, ex: Exchange, body: Json): string | undefined {
  const model = body.model;
  if (typeof model !== 'string' || model === '') {
    sendError(ex, 400, ex.wire === 'openai' ? 'you must provide a model parameter' : 'model is required', 'missing_required_parameter', 'model');
    return undefined;
  }
  if (faultOf(model) !== undefined || state.models.some((m) => sameModel(m, model))) return model;
  if (ex.wire === 'openai') sendError(ex, 404, `The model \`${model}\` does not exist or you do not have access to it.`, 'model_not_found', 'model');
  else sendError(ex, 404, `model "${model}" not found, try pulling it first`);
  return undefined;
}

/** Ollama's admin and show endpoints take `model`, older clients send `name`. */
function requireName(ex: Exchange, body: Json): string | undefined {
  const name = typeof body.model === 'string' && body.model !== '' ? body.model : typeof body.name === 'string' && body.name !== '' ? body.name : undefined;
  if (name === undefined) sendError(ex, 400, 'model is required');
  return name;
}

/** Ollama treats `llama3` and `llama3:latest` as the same model. */
function sameModel(a: string, b: string): boolean {
  return stripLatest(a) === stripLatest(b);
}

function stripLatest(model: string): string {
  return model.endsWith(':latest') ? model.slice(0, -':latest'.length) : model;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('');
  return '';
}

/**
 * What a chat model answers to: the last user message, or for `fake-echo-system*` models the system
 * message, so a test can provoke a system-prompt leak (the gateway's canary and verbatim checks).
 */
function chatQuestion(model: string, messages: readonly unknown[]): string {
  if (!model.startsWith('fake-echo-system')) return lastUserText(messages);
  const system = messages.find((m): m is Json => isRecord(m) && (m.role === 'system' || m.role === 'developer'));
  return textOf(system?.content);
}

function lastUserText(messages: readonly unknown[]): string {
  const users = messages.filter((m): m is Json => isRecord(m) && m.role === 'user');
  const last = users[users.length - 1] ?? messages[messages.length - 1];
  return textOf(isRecord(last) ? last.content : undefined);
}

/** Embedding inputs as strings; OpenAI also accepts token-id arrays, which are hashed as their JSON. */
function embeddingInputs(input: unknown, allowTokens: boolean): string[] | undefined {
  if (typeof input === 'string') return input === '' ? undefined : [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => typeof item === 'string' && item !== '')) return input as string[];
  if (!allowTokens) return undefined;
  if (input.every((item) => typeof item === 'number')) return [JSON.stringify(input)];
  if (input.every((item) => Array.isArray(item) && item.length > 0 && item.every((t) => typeof t === 'number'))) return input.map((item) => JSON.stringify(item));
  return undefined;
}

function requestDigest(ex: Exchange): string {
  return createHash('sha256').update(`${ex.req.method ?? ''} ${ex.path}\n`).update(ex.raw).digest('hex');
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick<T extends Record<string, unknown>, K extends keyof T>(value: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;
}

// ---------------------------------------------------------------- response helpers

function sse(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

function ndjson(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

function streamHeaders(contentType: string): OutgoingHttpHeaders {
  return { 'content-type': contentType, 'cache-control': 'no-cache' };
}

/** Writes one frame as its own write; waits for 'drain' when the socket buffer is full. False once the client is gone. */
async function write(ex: Exchange, frame: string): Promise<boolean> {
  if (ex.res.destroyed) return false;
  if (ex.res.write(frame)) return true;
  try {
    await once(ex.res, 'drain', { signal: ex.gone });
    return !ex.res.destroyed;
  } catch {
    return false;
  }
}

/** Writes and waits until the bytes are handed to the kernel, so destroying the socket next does not drop them. */
function flushed(ex: Exchange, data: string): Promise<boolean> {
  if (ex.res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => ex.res.write(data, (err) => resolve(err == null && !ex.res.destroyed)));
}

async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendRaw(res, status, JSON_TYPE, JSON.stringify(value));
}

function sendRaw(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  sendRaw(res, status, 'text/plain; charset=utf-8', text);
}

function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': 0 });
  res.end();
}

/** Errors in the shape each wire's clients parse: OpenAI's `{error:{message,type,param,code}}`, Ollama's `{error}`. */
function sendError(ex: Exchange, status: number, message: string, code?: string, param?: string): void {
  if (ex.wire === 'ollama') return sendJson(ex.res, status, { error: message });
  const type = status >= 500 ? 'server_error' : 'invalid_request_error';
  sendJson(ex.res, status, { error: { message, type, param: param ?? null, code: code ?? null } });
}
