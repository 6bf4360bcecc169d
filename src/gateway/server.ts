import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { auditRecordsPage, type AuditEntry, type AuditTrail } from '../audit/index.js';
import { acceptableRequestId, BulwarkError, randomId, secureRandomBytes, systemClock, type Clock, type Config, type Finding, type Verdict } from '../core/index.js';
import { BUILTIN_GUARDS, canaryFromBytes, createGuardRegistry, createGuardSets, openOutputStream, PseudonymVault, runGuards, scanText, withCanary, type GuardFactory, type GuardRun, type GuardSet, type RequestFacts } from '../guards/index.js';
import { addressBucket, createConcurrencyLimiter, createTokenBucketLimiter } from '../limits/index.js';
import type { Store } from '../store/index.js';
import { createAuthenticator, type Principal } from './auth/index.js';
import { readBody } from './body.js';
import { matchEndpoint, type Endpoint, type WireFamily } from './endpoints.js';
import { estimateTokens } from './estimate.js';
import { sendError, streamErrorFrame, toBulwarkError } from './http-errors.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { listModels } from './model-lists.js';
import { createModelRouter, type RouteTarget } from './router.js';
import { assembledAnswer, createFrameRewriter, createStreamRelay, type DeltaFormat, type FrameRewriter, type Framing, type RelaySignal } from './stream-relay.js';
import { ClientClosed, createUpstreamClient, StreamBlocked, upstreamFailure, UpstreamHeadersTimeout, UpstreamTotalTimeout, type UpstreamClient } from './upstream.js';
import type { UpstreamHead } from './upstream-call.js';
import { parseOllamaRequest } from './wire/ollama.js';
import { parseOpenAiRequest } from './wire/openai.js';
import type { ParsedRequest } from './wire/types.js';
import { parseJsonBody } from './wire/validate.js';
import { streamUsageTokens, usageTokens } from './usage.js';

/** What the gateway knows about a finished request; the audit trail subscribes to it. */
export interface RequestRecord {
  id: string;
  startedAt: number;
  durationMs: number;
  clientIp: string;
  method: string;
  route: string;
  status: number;
  tenantId?: string;
  keyId?: string;
  model?: string;
  upstream?: string;
  promptTokens?: number;
  completionTokens?: number;
  stream: boolean;
  errorCode?: string;
  verdict: Verdict;
  findings: Finding[];
  guardRuns: GuardRun[];
}

export interface GatewayOptions {
  config: Config;
  store: Store;
  logger: Logger;
  clock?: Clock;
  /** Guard factories; defaults to the built-in set. Tests add their own here. */
  guardFactories?: readonly GuardFactory[];
  onRequestComplete?: (record: RequestRecord) => void;
  /** The audit trail; when set, every request's record is journaled before its answer is sent. */
  audit?: AuditTrail;
}

export interface Gateway {
  readonly server: Server;
  readonly metrics: GatewayMetrics;
  listen(): Promise<string>;
  /**
   * Stops accepting connections, closes idle keep-alive ones, lets requests in flight finish for up
   * to `graceMs` (config server.shutdownGraceMs by default), then cuts what is left.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** Per-request state threaded through the phases of the request path. */
interface Exchange {
  id: string;
  started: number;
  method: string;
  family: WireFamily;
  route: string;
  ip: string;
  principal?: Principal;
  parsed?: ParsedRequest;
  target?: RouteTarget;
  promptTokens?: number;
  completionTokens?: number;
  verdict: Verdict;
  findings: Finding[];
  guardRuns: GuardRun[];
  errorCode?: string;
  /** Set once the upstream call exists; the client leaving calls it. */
  abortUpstream?: (reason: Error) => void;
  /** Chosen after auth and parsing: the default set or the first matching policy's. */
  guards: GuardSet;
  /** This request's pseudonym vault: created with the request, dropped with it. */
  vault: PseudonymVault;
  /** What the output guards compare the answer with: the system prompt and its canary, if any. */
  facts?: RequestFacts;
  // Audit only (set when a trail is configured):
  /** The data subject named by audit.subjectHeader; the key id when absent. */
  subject?: string;
  /** The request body as the client sent it (guards change a copy, never these bytes). */
  requestBody?: Buffer;
  /**
   * The answer as the model returned it. A stream the output guards read is kept as the answer it
   * assembles to, its text per choice: they parse its frames anyway, and the frames repeat the same
   * JSON around every token. One nobody reads here is kept as its frames, untouched, up to
   * audit.maxContentBytes: parsing them for the record would cost every request on this thread
   * more than sealing the repetition does (the text is found in them when the record is read).
   */
  answerBody?: Buffer;
  answerStream?: { format: DeltaFormat; rewriter: FrameRewriter };
  answerFrames?: { framing: Framing; chunks: Buffer[]; bytes: number };
  /** The endpoint kind, so a reader knows where the text is in these bodies. */
  wireKind?: string;
  /** Set on reads of the audit trail itself: what was read. */
  auditRead?: Record<string, unknown>;
}

function retryAfter(ms: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) };
}

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = req.headers['x-forwarded-for'];
    const value = Array.isArray(xff) ? xff.join(',') : xff;
    // The rightmost entry is the one our trusted proxy appended; the rest is client-controlled.
    const last = value?.split(',').pop()?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? '';
}

function framingOf(contentType: string | string[] | undefined): Framing | undefined {
  const ct = String(contentType ?? '').toLowerCase();
  if (ct.startsWith('text/event-stream')) return 'sse';
  if (ct.startsWith('application/x-ndjson') || ct.startsWith('application/ndjson')) return 'ndjson';
  return undefined;
}

/** The upstream's own error message, shortened; never the raw body, which may be huge. */
function upstreamMessage(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: unknown; message?: unknown };
    const e = j.error;
    const m = typeof e === 'string' ? e : typeof (e as { message?: unknown } | undefined)?.message === 'string' ? (e as { message: string }).message : typeof j.message === 'string' ? j.message : '';
    return m.slice(0, 500);
  } catch {
    return '';
  }
}

/** Answer text of a whole (non-streamed) response, with setters for redaction. */
function answerSlots(obj: Record<string, unknown>): { get(): string; set(v: string): void }[] {
  const slots: { get(): string; set(v: string): void }[] = [];
  if (Array.isArray(obj.choices)) {
    for (const c of obj.choices as Record<string, unknown>[]) {
      const msg = c.message as Record<string, unknown> | undefined;
      if (msg && typeof msg.content === 'string') slots.push({ get: () => msg.content as string, set: (v) => void (msg.content = v) });
      else if (typeof c.text === 'string') slots.push({ get: () => c.text as string, set: (v) => void (c.text = v) });
    }
  } else if (obj.message && typeof (obj.message as Record<string, unknown>).content === 'string') {
    const msg = obj.message as Record<string, unknown>;
    slots.push({ get: () => msg.content as string, set: (v) => void (msg.content = v) });
  } else if (typeof obj.response === 'string') {
    slots.push({ get: () => obj.response as string, set: (v) => void (obj.response = v) });
  }
  return slots;
}

const MAX_UPSTREAM_BODY = 64 * 1024 * 1024;

export function createGateway(options: GatewayOptions): Gateway {
  const { config, store, logger } = options;
  const clock = options.clock ?? systemClock;
  const limits = config.limits;
  const registry = createGuardRegistry(options.guardFactories ?? BUILTIN_GUARDS);
  const guardSets = createGuardSets(config, registry);
  const router = createModelRouter(config);
  const upstream: UpstreamClient = createUpstreamClient(router.upstreams());
  const auth = createAuthenticator(store, limits.perKey);
  const metrics = createGatewayMetrics({ maxModelLabels: config.metrics.maxModelLabels, defaultMetrics: config.metrics.enabled, audit: options.audit });
  const ipLimiter = createTokenBucketLimiter();
  const keyRequests = createTokenBucketLimiter();
  const keyTokens = createTokenBucketLimiter();
  const concurrency = createConcurrencyLimiter();
  const audit = options.audit;
  const captureContent = audit !== undefined && config.audit.content;
  const maxContentBytes = config.audit.maxContentBytes;

  /** Audit: the record handed to the trail; its content bytes are sealed once, when its group is journaled. */
  const auditEntry = (ex: Exchange, status: number, durationMs: number): AuditEntry => {
    const s = ex.answerStream;
    const frames = ex.answerFrames;
    // A stream kept as frames says how they are framed; a read stream is its assembled answer.
    const answer = frames !== undefined ? frames.chunks : s !== undefined ? assembledAnswer(s.format, s.rewriter) : ex.answerBody;
    return {
      kind: ex.auditRead ? 'audit-read' : 'request',
      time: ex.started,
      tenantId: ex.principal?.key.tenantId ?? '',
      keyId: ex.principal?.key.id,
      subject: ex.subject,
      clientIp: ex.ip,
      method: ex.method,
      route: ex.route,
      model: ex.parsed?.model,
      upstream: ex.target?.name,
      status,
      latencyMs: durationMs,
      promptTokens: ex.promptTokens,
      completionTokens: ex.completionTokens,
      stream: ex.parsed?.stream ?? false,
      verdict: ex.verdict,
      findings: ex.findings,
      guards: ex.guardRuns,
      errorCode: ex.errorCode,
      requestId: ex.id,
      detail: ex.auditRead,
      content: ex.requestBody === undefined ? undefined : { wire: `${ex.family}:${ex.wireKind ?? ''}`, request: ex.requestBody, answer, framing: frames?.framing },
    };
  };

  /** Logs, counts and records a finished request; returns the audit commit to wait for, if any. */
  const finish = (ex: Exchange, status: number): Promise<void> | undefined => {
    const durationMs = clock() - ex.started;
    const model = ex.parsed?.model ?? '';
    const tenant = ex.principal?.key.tenantId ?? '';
    if (config.metrics.enabled) metrics.request(ex.route, status, model, tenant, durationMs / 1000);
    logger.info(
      { reqId: ex.id, route: ex.route, status, ms: durationMs, keyId: ex.principal?.key.id, tenant: tenant || undefined, model: model || undefined, upstream: ex.target?.name, code: ex.errorCode, verdict: ex.verdict === 'allow' ? undefined : ex.verdict },
      'request',
    );
    options.onRequestComplete?.({
      id: ex.id,
      startedAt: ex.started,
      durationMs,
      clientIp: ex.ip,
      method: ex.method,
      route: ex.route,
      status,
      tenantId: ex.principal?.key.tenantId,
      keyId: ex.principal?.key.id,
      model: ex.parsed?.model,
      upstream: ex.target?.name,
      promptTokens: ex.promptTokens,
      completionTokens: ex.completionTokens,
      stream: ex.parsed?.stream ?? false,
      errorCode: ex.errorCode,
      verdict: ex.verdict,
      findings: ex.findings,
      guardRuns: ex.guardRuns,
    });
    return audit?.append(auditEntry(ex, status, durationMs));
  };

  /**
   * The audit acknowledgement: a request's record is journaled before the client gets the end of
   * its answer (the body of a whole answer, the last bytes of a stream). So every request that got
   * an answer has its record, whatever happens to this process afterwards. Rejects with
   * AUDIT_WRITE_FAILED, and then the answer is withheld.
   */
  const recorded = async (ex: Exchange, status: number): Promise<void> => {
    const commit = finish(ex, status);
    if (commit !== undefined) await commit;
  };

  const fail = async (res: ServerResponse, ex: Exchange, err: unknown): Promise<void> => {
    let e = toBulwarkError(err);
    if (e.code === 'INTERNAL') logger.error({ reqId: ex.id, err: (e.cause as Error | undefined)?.stack ?? String(e.cause) }, 'internal error');
    if (e.code === 'AUDIT_WRITE_FAILED') logger.error({ reqId: ex.id }, 'answer withheld: its audit record could not be written');
    else {
      ex.errorCode = e.code;
      try {
        await recorded(ex, res.headersSent ? res.statusCode : e.status);
      } catch (auditErr) {
        e = toBulwarkError(auditErr);
      }
    }
    // After a refused body the connection carries unread bytes: close it rather than reuse it.
    sendError(res, ex.family, e, e.code === 'BODY_TOO_LARGE');
  };

  /** Phase: validate the body for the endpoint, check model permission and route. */
  const parse = (endpoint: Endpoint, raw: Buffer, ex: Exchange, adminPath: string): ParsedRequest => {
    const body = parseJsonBody(raw, limits.maxJsonDepth);
    const parsed = endpoint.family === 'openai' ? parseOpenAiRequest(endpoint.kind, body) : parseOllamaRequest(endpoint.kind, body, adminPath);
    ex.parsed = parsed;
    return parsed;
  };

  const resolveTarget = (endpoint: Endpoint, parsed: ParsedRequest | undefined, principal: Principal): RouteTarget => {
    const model = parsed?.model;
    if (model === undefined) {
      const t = router.firstOfType('ollama');
      if (!t) throw new BulwarkError('MODEL_NOT_ROUTED', 'No Ollama upstream is configured.');
      return t;
    }
    for (const m of [model, ...(parsed?.otherModels ?? [])]) {
      if (!principal.modelAllowed(m)) throw new BulwarkError('FORBIDDEN_MODEL', `This key may not use model "${m.slice(0, 128)}".`);
    }
    const target = router.resolve(model);
    if (!target) throw new BulwarkError('MODEL_NOT_ROUTED', `No route matches model "${model.slice(0, 128)}".`);
    for (const other of parsed?.otherModels ?? []) {
      if (router.resolve(other)?.name !== target.name) throw new BulwarkError('INVALID_REQUEST', 'source and destination must be served by the same upstream.');
    }
    if (endpoint.family === 'ollama' && target.config.type !== 'ollama') throw new BulwarkError('ROUTE_WIRE_UNSUPPORTED', `Model "${model.slice(0, 128)}" is served by an OpenAI-format upstream; call it through /v1/...`);
    return target;
  };

  /** Phase: prompt-size limits, token rate, output-token bound. */
  const applyLimits = (parsed: ParsedRequest, principal: Principal, ex: Exchange, now: number): void => {
    if (parsed.items > limits.maxMessages) throw new BulwarkError('TOO_MANY_MESSAGES', `The request has ${parsed.items} messages or inputs; the limit is ${limits.maxMessages}.`);
    let chars = 0;
    let tokens = 0;
    for (const s of parsed.segments) {
      chars += s.text.length;
      tokens += estimateTokens(s.text);
    }
    if (chars > limits.maxPromptChars) throw new BulwarkError('PROMPT_TOO_LONG', `The prompt has ${chars} characters; the limit is ${limits.maxPromptChars}.`);
    if (tokens > limits.maxPromptTokens) throw new BulwarkError('PROMPT_TOO_LONG', `The prompt has about ${tokens} tokens; the limit is ${limits.maxPromptTokens}.`);
    ex.promptTokens = tokens;
    const t = keyTokens.take(principal.key.id, principal.limits.tokensPerMinute, tokens, now);
    if (!t.ok) {
      metrics.rejected('key-tokens');
      throw new BulwarkError('TOKEN_RATE_LIMITED', undefined, { headers: retryAfter(t.retryAfterMs) });
    }
    if (parsed.generates) {
      const asked = parsed.maxTokens();
      if (asked === undefined || asked > limits.maxOutputTokens) {
        if (asked !== undefined && limits.outputTokensPolicy === 'reject') {
          throw new BulwarkError('MAX_TOKENS_TOO_LARGE', `max_tokens ${asked} is above the limit of ${limits.maxOutputTokens}.`);
        }
        // An unbounded generation is the long-output DoS: bound it even when the client did not.
        parsed.setMaxTokens(limits.maxOutputTokens);
        return;
      }
    }
  };

  /** Phase: input guards on every text segment. Returns whether the body was changed. */
  const guardInput = async (parsed: ParsedRequest, ex: Exchange, tenantId: string): Promise<boolean> => {
    if (ex.guards.input.length === 0) return false;
    let changed = false;
    for (const seg of parsed.segments) {
      const r = await runGuards(ex.guards.input, seg.text, { stage: 'input', source: seg.source, tenantId, vault: ex.vault }, { timeoutMs: config.guards.timeoutMs });
      ex.guardRuns.push(...r.runs);
      ex.findings.push(...r.findings);
      for (const run of r.runs) metrics.guard(run.id, run.failed ? `failed-${run.failed}` : run.verdict);
      if (r.failedClosed) throw new BulwarkError('GUARD_FAILED', `Guard ${r.runs[r.runs.length - 1]?.id ?? ''} failed and is fail-closed.`);
      if (r.verdict === 'block') {
        ex.verdict = 'block';
        throw new BulwarkError('GUARD_BLOCKED', `Blocked by input guards: ${[...new Set(r.findings.map((f) => f.code))].join(', ') || 'policy'}.`);
      }
      if (r.verdict === 'redact' && r.text !== seg.text) {
        seg.set(r.text);
        seg.text = r.text;
        changed = true;
      }
      if (r.verdict !== 'allow' && ex.verdict !== 'block') ex.verdict = r.verdict === 'redact' || ex.verdict === 'redact' ? 'redact' : 'flag';
    }
    return changed;
  };

  /**
   * Phase: what the output guards compare the answer with: the system prompt as the model gets it
   * (after the input guards, placeholders and all), and, when a guard asks, a fresh random canary
   * put in the first system message, after the input guards so they never see it. Returns whether
   * the body was changed.
   */
  const prepareOutput = (parsed: ParsedRequest, ex: Exchange): boolean => {
    if (ex.guards.output.length === 0 || !parsed.generates) return false;
    const system = parsed.segments.filter((s) => s.source === 'system' || s.source === 'developer');
    if (system.length === 0) return false;
    ex.facts = { systemPrompt: system.map((s) => s.text).join('\n') };
    if (!ex.guards.output.some((g) => g.wantsCanary)) return false;
    const canary = canaryFromBytes(secureRandomBytes(8));
    ex.facts.canary = canary;
    system[0]!.set(withCanary(system[0]!.text, canary));
    return true;
  };

  /** Phase: output guards on a whole answer. Returns the body to send (rewritten if redacted). */
  const guardOutput = async (obj: Record<string, unknown>, ex: Exchange, tenantId: string): Promise<boolean> => {
    let changed = false;
    for (const slot of answerSlots(obj)) {
      const r = await runGuards(ex.guards.output, slot.get(), { stage: 'output', source: 'assistant', tenantId, vault: ex.vault, request: ex.facts }, { timeoutMs: config.guards.timeoutMs });
      ex.guardRuns.push(...r.runs);
      ex.findings.push(...r.findings);
      if (r.failedClosed) throw new BulwarkError('GUARD_FAILED', 'An output guard failed and is fail-closed.');
      if (r.verdict === 'block') {
        ex.verdict = 'block';
        throw new BulwarkError('GUARD_BLOCKED', `Answer blocked by output guards: ${[...new Set(r.findings.map((f) => f.code))].join(', ') || 'policy'}.`);
      }
      if (r.verdict === 'flag' && ex.verdict === 'allow') ex.verdict = 'flag';
      if (r.verdict === 'redact' && r.text !== slot.get()) {
        slot.set(r.text);
        changed = true;
      }
    }
    return changed;
  };

  const forward = async (req: IncomingMessage, res: ServerResponse, ex: Exchange, endpoint: Endpoint, upstreamPath: string, body: Buffer | string | undefined): Promise<void> => {
    const target = ex.target!;
    const t = target.config.timeouts;
    const call = upstream.call(target, { method: req.method as 'GET', path: upstreamPath, body });
    ex.abortUpstream = (reason) => call.abort(reason);
    if (res.destroyed) call.abort(new ClientClosed());
    const totalTimer = setTimeout(() => call.abort(new UpstreamTotalTimeout()), t.totalMs);
    // undici's own headersTimeout ticks on a coarse timer wheel (about a second late for short
    // timeouts); this one is exact.
    const headersTimer = setTimeout(() => call.abort(new UpstreamHeadersTimeout()), t.headersMs);
    const tenantId = ex.principal?.key.tenantId ?? '';
    const sentAt = clock();
    try {
      let head: UpstreamHead;
      try {
        head = await call.head;
      } catch (err) {
        if (res.destroyed) {
          ex.errorCode = 'CLIENT_CLOSED';
          finish(ex, 499);
          return;
        }
        throw upstreamFailure(err, target.name);
      } finally {
        clearTimeout(headersTimer);
      }
      if (config.metrics.enabled) metrics.upstream(target.name, (clock() - sentAt) / 1000);
      const status = head.status;
      const contentType = head.headers['content-type'];
      const framing = framingOf(contentType);

      if (status >= 400) {
        const text = (await call.body(1024 * 1024).catch(() => Buffer.alloc(0))).toString('utf8');
        const msg = upstreamMessage(text);
        throw new BulwarkError('UPSTREAM_ERROR', `Upstream "${target.name}" answered ${status}${msg ? `: ${msg}` : '.'}`, { status: status < 500 ? status : 502 });
      }

      if (framing !== undefined && req.method !== 'HEAD') {
        const format = endpoint.family === 'ollama' ? 'ollama' : endpoint.kind === 'completion' ? 'openai-completion' : 'openai-chat';
        // One guard chain per choice; their runs say whether a fail-closed guard failed mid-stream.
        const outputChains: ReturnType<typeof openOutputStream>[] = [];
        const guarded = ex.guards.output.length > 0 && endpoint.kind !== 'admin';
        const audited = ex.requestBody !== undefined && (endpoint.kind === 'chat' || endpoint.kind === 'completion');
        const rewriter = guarded
          ? createFrameRewriter(
              framing,
              format,
              () => {
                const chain = openOutputStream(ex.guards.output, { stage: 'output', source: 'assistant', tenantId, vault: ex.vault, request: ex.facts }, { windowChars: config.guards.streamWindowChars });
                outputChains.push(chain);
                return chain;
              },
              { keepChars: audited ? maxContentBytes : 0 },
            )
          : undefined;
        if (audited && rewriter !== undefined) ex.answerStream = { format, rewriter };
        // Without output guards nothing reads the frames here: the audit keeps them as they came.
        const tap: Exchange['answerFrames'] = audited && rewriter === undefined ? (ex.answerFrames = { framing, chunks: [], bytes: 0 }) : undefined;
        // The stream's last two reads: where its usage frame, if any, is.
        let lastRead: Buffer | undefined;
        let readBefore: Buffer | undefined;
        res.writeHead(status, { 'content-type': String(contentType), 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
        let stopped: 'blocked' | 'gone' | undefined;
        let waitingForDrain = false;
        const onSignal = (signal: RelaySignal): boolean => {
          if (signal === 'more') return true;
          if (signal === 'pause') {
            if (!waitingForDrain) {
              waitingForDrain = true;
              res.once('drain', () => {
                waitingForDrain = false;
                call.resume();
              });
            }
            return false;
          }
          stopped = signal;
          call.abort(signal === 'gone' ? new ClientClosed() : new StreamBlocked());
          return false;
        };
        // A batch sent after push() returned reports here: a full socket pauses the upstream now.
        const onLateSignal = (signal: RelaySignal): void => {
          if (!onSignal(signal) && signal === 'pause') call.pause();
        };
        const relay = createStreamRelay(res, framing, rewriter, onLateSignal, () => call.ended);
        let failure: unknown;
        try {
          const streaming = call.stream((chunk) => {
            readBefore = lastRead;
            lastRead = chunk;
            // One read past the limit is kept, so the writer sees the answer was cut and says so.
            if (tap !== undefined && tap.bytes <= maxContentBytes) {
              tap.chunks.push(chunk);
              tap.bytes += chunk.length;
            }
            return onSignal(relay.push(chunk));
          });
          // Frames that came with the upstream's headers go now, in the same write as the headers;
          // without any, the headers go alone, so the client sees the answer begin. A whole answer
          // that came with them goes at its end, in one write.
          if (!call.ended) {
            onLateSignal(relay.flush());
            if (relay.bytes === 0 && !res.destroyed) res.flushHeaders();
          }
          await streaming;
          // The last batch (and the error frame, if one ends the stream) goes out in one write with
          // the stream's end, once the record is journaled: its bytes are what the acknowledgement
          // holds back, and a write of its own per stream costs a system call.
          relay.hold();
          onSignal(relay.end());
        } catch (err) {
          failure = err;
        }
        // What the model says it generated, else an estimate: the text released, or the bytes relayed.
        ex.completionTokens = (lastRead && streamUsageTokens(framing, lastRead, readBefore)) ?? (rewriter ? Math.ceil(rewriter.releasedChars() / 4) : Math.ceil(relay.bytes / 16));
        // Guards that failed on the stream (open or closed) are recorded like input guards' failures.
        const streamRuns = outputChains.flatMap((c) => c.runs);
        ex.guardRuns.push(...streamRuns);
        // Findings that flagged the stream without stopping it (a refusal, a leak already released) belong in the record too.
        if (relay.flagged.length > 0) {
          ex.findings.push(...relay.flagged);
          if (ex.verdict === 'allow') ex.verdict = 'flag';
        }
        if (ex.principal) keyTokens.charge(ex.principal.key.id, ex.principal.limits.tokensPerMinute, ex.completionTokens, clock());
        if (stopped === 'gone' || res.destroyed) {
          ex.errorCode = 'CLIENT_CLOSED';
          finish(ex, 499);
          return;
        }
        if (stopped === undefined && failure === undefined) {
          await recorded(ex, status);
          res.end(relay.takeHeld());
          return;
        }
        const findings = relay.blockedBy ?? [];
        const failedGuard = streamRuns.find((r) => r.failed === 'closed');
        const err =
          stopped === 'blocked'
            ? failedGuard !== undefined
              ? new BulwarkError('GUARD_FAILED', `Output guard ${failedGuard.id} failed and is fail-closed.`)
              : new BulwarkError('GUARD_BLOCKED', `Answer blocked by output guards: ${[...new Set(findings.map((f) => f.code))].join(', ') || 'policy'}.`)
            : upstreamFailure(failure, target.name, 'stream');
        if (stopped === 'blocked') {
          ex.verdict = 'block';
          ex.findings.push(...findings);
        }
        ex.errorCode = err.code;
        await recorded(ex, status);
        // The client learns why, then the connection closes: no half-open stream, no hang.
        const last = relay.takeHeld();
        const frame = streamErrorFrame(endpoint.family, err);
        res.end(last === undefined ? frame : Buffer.concat([last, Buffer.from(frame)]), () => res.socket?.destroy());
        return;
      }

      const raw =
        req.method === 'HEAD'
          ? Buffer.alloc(0)
          : await call.body(MAX_UPSTREAM_BODY).catch((err) => {
              throw upstreamFailure(err, target.name, 'body');
            });
      let out: Buffer | string = raw;
      // Audit keeps the model's answer as it came (embedding vectors and admin output are not content).
      if (ex.requestBody !== undefined && (endpoint.kind === 'chat' || endpoint.kind === 'completion')) ex.answerBody = raw;
      const isJson = String(contentType ?? '').includes('json');
      if (raw.length > 0 && (isJson || endpoint.kind !== 'admin')) {
        let obj: unknown;
        try {
          obj = JSON.parse(raw.toString('utf8'));
        } catch {
          throw new BulwarkError('UPSTREAM_BAD_RESPONSE', `Upstream "${target.name}" answered with invalid JSON.`);
        }
        if (obj !== null && typeof obj === 'object' && !Array.isArray(obj)) {
          const o = obj as Record<string, unknown>;
          const answer = answerSlots(o);
          ex.completionTokens = usageTokens(o) ?? answer.reduce((n, s) => n + estimateTokens(s.get()), 0);
          if (ex.principal && ex.completionTokens > 0) keyTokens.charge(ex.principal.key.id, ex.principal.limits.tokensPerMinute, ex.completionTokens, clock());
          if (ex.guards.output.length > 0 && endpoint.kind !== 'admin' && (await guardOutput(o, ex, tenantId))) out = JSON.stringify(o);
        }
      }
      const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(out) };
      if (contentType !== undefined) headers['content-type'] = String(contentType);
      await recorded(ex, status);
      res.writeHead(status, headers);
      res.end(out);
    } finally {
      clearTimeout(totalTimer);
      clearTimeout(headersTimer);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headerId = req.headers['x-request-id'];
    const id = acceptableRequestId(typeof headerId === 'string' ? headerId : undefined) ? (headerId as string) : randomId();
    res.setHeader('x-request-id', id);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';

    if (path === '/healthz' && (method === 'GET' || method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(method === 'HEAD' ? undefined : '{"status":"ok"}');
      return;
    }
    if (path === '/metrics' && method === 'GET' && config.metrics.enabled) {
      const text = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(text);
      return;
    }

    const match = matchEndpoint(method, path);
    const ex: Exchange = {
      id,
      started: clock(),
      method,
      family: match.kind === 'endpoint' ? match.endpoint.family : match.family,
      route: match.kind !== 'endpoint' ? 'unmatched' : path.startsWith('/api/blobs/') ? '/api/blobs' : match.modelParam !== undefined ? '/v1/models/:id' : path,
      ip: clientAddress(req, config.server.trustProxy),
      verdict: 'allow',
      findings: [],
      guardRuns: [],
      guards: guardSets.fallback,
      vault: new PseudonymVault(),
    };
    let release: (() => void) | undefined;
    let releaseGlobal: (() => void) | undefined;
    res.once('close', () => {
      release?.();
      releaseGlobal?.();
      // The client went away before the answer ended: stop the model from generating for nobody.
      if (!res.writableFinished) ex.abortUpstream?.(new ClientClosed());
    });

    try {
      if (match.kind === 'not-found') throw new BulwarkError('ROUTE_NOT_FOUND', `The gateway does not serve ${method} ${path.slice(0, 200)}.`);
      if (match.kind === 'method-not-allowed') throw new BulwarkError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path.slice(0, 200)}.`);
      const endpoint = match.endpoint;
      const now = ex.started;

      const ipTake = ipLimiter.take(addressBucket(ex.ip), limits.perIp.requestsPerMinute, 1, now);
      if (!ipTake.ok) {
        metrics.rejected('ip');
        throw new BulwarkError('IP_RATE_LIMITED', undefined, { headers: retryAfter(ipTake.retryAfterMs) });
      }
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limits.maxBodyBytes) throw new BulwarkError('BODY_TOO_LARGE', `The request body (${declared} bytes) is larger than the limit of ${limits.maxBodyBytes} bytes.`);

      const principal = auth.authenticate(req.headers, now);
      ex.principal = principal;
      if (audit !== undefined) {
        const h = config.audit.subjectHeader === undefined ? undefined : req.headers[config.audit.subjectHeader];
        if (typeof h === 'string' && h !== '') ex.subject = h.slice(0, 256);
        // Separation of duties: an auditor reads the trail and does nothing that would be in it.
        if (principal.key.role === 'auditor' && endpoint.kind !== 'audit-records') throw new BulwarkError('FORBIDDEN_ENDPOINT', 'Role "auditor" may only read the audit trail (GET /v1/audit/records).');
      }
      if (endpoint.admin && !config.roles.ollamaAdmin.includes(principal.key.role)) {
        throw new BulwarkError('FORBIDDEN_ENDPOINT', `Role "${principal.key.role}" may not call ${path.startsWith('/api/blobs/') ? '/api/blobs' : path}.`);
      }
      const take = keyRequests.take(principal.key.id, principal.limits.requestsPerMinute, 1, now);
      if (!take.ok) {
        metrics.rejected('key-requests');
        throw new BulwarkError('RATE_LIMITED', undefined, { headers: retryAfter(take.retryAfterMs) });
      }
      releaseGlobal = concurrency.acquire('*', limits.globalConcurrency);
      if (!releaseGlobal) {
        metrics.rejected('global-concurrency');
        throw new BulwarkError('CONCURRENCY_LIMITED', 'The gateway has too many requests in flight.', { headers: retryAfter(1000) });
      }
      release = concurrency.acquire(principal.key.id, principal.limits.concurrency);
      if (!release) {
        metrics.rejected('key-concurrency');
        throw new BulwarkError('CONCURRENCY_LIMITED', 'This key has too many requests in flight.', { headers: retryAfter(1000) });
      }

      if (endpoint.kind === 'models' || endpoint.kind === 'model' || endpoint.kind === 'tags' || endpoint.kind === 'ps') {
        const body = await listModels(endpoint.kind, match.modelParam, { router, upstream, principal, logger });
        await recorded(ex, 200);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return;
      }
      if (endpoint.kind === 'audit-records') {
        // A refused read (a role, another tenant, a bad filter) is recorded as an attempted read.
        ex.auditRead = {};
        if (principal.key.role !== 'admin' && principal.key.role !== 'auditor') throw new BulwarkError('FORBIDDEN_ENDPOINT', `Role "${principal.key.role}" may not read the audit trail; admin and auditor keys may.`);
        if (audit === undefined) throw new BulwarkError('AUDIT_DISABLED');
        // Records are durable once journaled; a read waits until they are indexed too.
        await audit.flush();
        const page = auditRecordsPage(audit.reader, principal.key.tenantId, new URLSearchParams(q < 0 ? '' : url.slice(q + 1)), now);
        ex.auditRead = page.detail;
        await recorded(ex, 200);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(page.body) });
        res.end(page.body);
        return;
      }
      if (endpoint.kind === 'guard-scan') {
        const scanned = await readBody(req, limits.maxBodyBytes);
        if (captureContent) {
          ex.requestBody = scanned;
          ex.wireKind = endpoint.kind;
        }
        const body = parseJsonBody(scanned, limits.maxJsonDepth);
        const text = body.text;
        if (typeof text !== 'string') throw new BulwarkError('INVALID_REQUEST', 'text: expected a string');
        if (text.length > limits.maxPromptChars) throw new BulwarkError('PROMPT_TOO_LONG', `The text has ${text.length} characters; the limit is ${limits.maxPromptChars}.`);

        const direction = body.direction ?? 'input';
        if (direction !== 'input' && direction !== 'output') throw new BulwarkError('INVALID_REQUEST', 'direction: expected "input" or "output"');
        const policy = body.policy;
        if (policy !== undefined && typeof policy !== 'string') throw new BulwarkError('INVALID_REQUEST', 'policy: expected a policy name');
        const set = policy === undefined ? guardSets.select(principal.key.tenantId, principal.key.id, undefined) : guardSets.byName(policy);
        if (!set) throw new BulwarkError('INVALID_REQUEST', `policy: no policy named "${String(policy).slice(0, 64)}"`);
        const result = await scanText(set, text, direction, { timeoutMs: config.guards.timeoutMs, tenantId: principal.key.tenantId });
        ex.verdict = result.verdict;
        ex.findings = result.findings;
        const out = JSON.stringify(result);
        await recorded(ex, 200);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
        res.end(out);
        return;
      }
      if (endpoint.kind === 'version') {
        const t = router.firstOfType('ollama');
        if (!t) throw new BulwarkError('MODEL_NOT_ROUTED', 'No Ollama upstream is configured.');
        ex.target = t;
        return await forward(req, res, ex, endpoint, endpoint.upstreamPath, undefined);
      }
      if (!endpoint.hasBody) {
        // Ollama blob upload/probe: content-addressed, no model; the first Ollama upstream takes it.
        ex.target = resolveTarget(endpoint, undefined, principal);
        const raw = method === 'POST' ? await readBody(req, limits.maxBodyBytes) : undefined;
        return await forward(req, res, ex, endpoint, endpoint.upstreamPath, raw);
      }

      const raw = await readBody(req, limits.maxBodyBytes);
      const parsed = parse(endpoint, raw, ex, path);
      if (captureContent) {
        ex.requestBody = raw;
        ex.wireKind = endpoint.kind;
      }
      ex.target = resolveTarget(endpoint, parsed, principal);
      ex.guards = guardSets.select(principal.key.tenantId, principal.key.id, parsed.model);
      let changed = false;
      if (parsed.segments.length > 0 || parsed.generates) {
        const before = parsed.maxTokens();
        applyLimits(parsed, principal, ex, now);
        changed = parsed.maxTokens() !== before;
        if (await guardInput(parsed, ex, principal.key.tenantId)) changed = true;
        if (prepareOutput(parsed, ex)) changed = true;
      }
      // OpenAI-format calls to an Ollama server use its OpenAI-compatible /v1 API.
      const upstreamPath = endpoint.family === 'openai' && ex.target.config.type === 'ollama' ? `/v1${endpoint.upstreamPath}` : endpoint.upstreamPath;
      await forward(req, res, ex, endpoint, upstreamPath, changed ? JSON.stringify(parsed.body) : raw);
    } catch (err) {
      if (res.destroyed && !res.headersSent) {
        ex.errorCode = 'CLIENT_CLOSED';
        finish(ex, 499);
        return;
      }
      await fail(res, ex, err);
    }
  };

  const inFlight = new Set<ServerResponse>();
  let draining = false;
  let drained: (() => void) | undefined;
  // One listener shared by every response (no closure allocated per request).
  const responseClosed = function (this: ServerResponse): void {
    inFlight.delete(this);
    if (draining && inFlight.size === 0) drained?.();
  };

  const server = createServer(
    {
      headersTimeout: config.server.headersTimeoutMs,
      requestTimeout: config.server.requestTimeoutMs,
      keepAliveTimeout: config.server.keepAliveTimeoutMs,
      maxHeaderSize: 16 * 1024,
      // Node checks headersTimeout / requestTimeout on this interval (30 s by default), which would
      // let a slowloris client hold a socket far past the configured limits.
      connectionsCheckingInterval: Math.min(1_000, config.server.headersTimeoutMs),
    },
    (req, res) => {
      inFlight.add(res);
      res.once('close', responseClosed);
      // While draining, every answer tells the client to open its next request elsewhere.
      if (draining) res.shouldKeepAlive = false;
      handle(req, res).catch((err: unknown) => {
        logger.error({ err: (err as Error)?.stack }, 'unhandled request error');
        if (!res.headersSent) sendError(res, 'openai', new BulwarkError('INTERNAL'));
        else res.destroy();
      });
    },
  );
  server.timeout = config.server.idleTimeoutMs;
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const code = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'INVALID_REQUEST';
    const e = new BulwarkError(code, code === 'INVALID_REQUEST' ? 'Malformed HTTP request.' : undefined);
    const reason = { REQUEST_TIMEOUT: 'Request Timeout', HEADERS_TOO_LARGE: 'Request Header Fields Too Large', INVALID_REQUEST: 'Bad Request' }[code];
    const body = JSON.stringify({ error: { message: e.message, type: e.type, code } });
    socket.end(`HTTP/1.1 ${e.status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });

  return {
    server,
    metrics,
    listen: () =>
      new Promise((resolve, reject) => {
        const onError = (err: NodeJS.ErrnoException): void => reject(new BulwarkError('LISTEN_FAILED', `cannot listen on ${config.server.host}:${config.server.port}: ${err.code ?? err.message}`, { cause: err }));
        server.once('error', onError);
        server.listen(config.server.port, config.server.host, () => {
          server.off('error', onError);
          const a = server.address() as AddressInfo;
          const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
          resolve(`http://${host}:${a.port}`);
        });
      }),
    close: async ({ graceMs = config.server.shutdownGraceMs } = {}) => {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight.size > 0 && graceMs > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          drained = resolve;
          timer = setTimeout(resolve, graceMs);
        });
        clearTimeout(timer);
      }
      server.closeAllConnections();
      await closed;
      await upstream.close();
    },
  };
}
