import type { ScanError } from '../report/index.js';
import type { Advisory, ServiceFingerprint } from './data.js';
import { candidateOrder, describe, identify, jsonOf, matchAdvisories, type AdvisoryMatch, type Identification, type ProbeResponse } from './matcher.js';
import { probeHttp, probeRedis, type ProbeFailure, type ProbeOptions, type ProbeOutcome } from './probe.js';
import { looksLikeResp, looksLikeTls } from './resp.js';
import { wait } from './scheduler.js';
import { endpointText, type Endpoint } from './targets.js';

/** Probing one host:port: which requests to send (asked of the matcher), with retries and caps. */

export interface EngineOptions {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  maxResponseBytes: number;
  maxRequestsPerTarget: number;
  retries: number;
  retryBackoffMs: number;
}

export interface EngineContext {
  services: readonly ServiceFingerprint[];
  advisories: readonly Advisory[];
  options: EngineOptions;
  /** Resolves when this host may be sent the next connection (per-host pacing). */
  pace(host: string): Promise<void>;
  signal: AbortSignal;
  /** Test hook and audit trail of what was sent. */
  onRequest?(endpoint: Endpoint, request: string): void;
}

export type EndpointState = 'closed' | 'filtered' | 'open' | 'error';

export interface EndpointResult {
  endpoint: Endpoint;
  target: string;
  state: EndpointState;
  identification?: Identification;
  advisories: AdvisoryMatch[];
  /** For unknown services: what the port answered (status, server header, protocol). */
  evidence?: { protocol: 'http' | 'redis' | 'unknown'; status?: number; server?: string; contentType?: string };
  errors: ScanError[];
  requests: number;
  /** The scan was cut short (deadline or Ctrl-C) while this target was being probed. */
  cut?: boolean;
  /** The port spoke HTTPS. */
  tls?: boolean;
}

const ERROR_CODE: Record<Exclude<ProbeFailure, 'refused' | 'aborted' | 'connect-timeout'>, string> = {
  'read-timeout': 'EXPOSURE_READ_TIMEOUT',
  'too-large': 'EXPOSURE_RESPONSE_TOO_LARGE',
  'bad-response': 'EXPOSURE_BAD_RESPONSE',
  failed: 'EXPOSURE_CONNECTION_FAILED',
};

const KEPT_WHEN_OVER_BUDGET = 16 * 1024;

const REDIS_ARGS: Record<string, string[]> = { 'REDIS PING': ['PING'], 'REDIS INFO server': ['INFO', 'server'] };


export async function scanEndpoint(endpoint: Endpoint, ctx: EngineContext): Promise<EndpointResult> {
  const { host, port } = endpoint;
  const target = endpointText(host, port);
  const o = ctx.options;
  const probeOptions: ProbeOptions = {
    connectTimeoutMs: o.connectTimeoutMs,
    readTimeoutMs: o.readTimeoutMs,
    maxResponseBytes: o.maxResponseBytes,
    signal: ctx.signal,
    ...(endpoint.name !== undefined ? { hostHeader: `${endpoint.name}:${port}` } : {}),
  };
  const cache = new Map<string, ProbeResponse | null>();
  const errors: ScanError[] = [];
  let requests = 0;
  let answered = false;
  let refused = false;
  let filtered = false;
  let stopped = false;
  let cut = false;
  let respSeen = false;
  let tls = false;
  let triedTls = false;
  // Answers are kept until the target is decided; past this budget further bodies are kept only
  // in part, so memory stays near concurrency × 2 × maxResponseBytes whatever the peers send.
  const bodyBudget = 2 * o.maxResponseBytes;
  let cachedBytes = 0;

  const send = async (request: string): Promise<ProbeOutcome> => {
    let outcome: ProbeOutcome = { ok: false, failure: 'aborted', message: 'aborted' };
    for (let attempt = 0; attempt <= o.retries; attempt++) {
      if (attempt > 0) await wait(o.retryBackoffMs * 2 ** (attempt - 1), ctx.signal);
      if (ctx.signal.aborted) return { ok: false, failure: 'aborted', message: 'aborted' };
      await ctx.pace(host);
      if (ctx.signal.aborted) return { ok: false, failure: 'aborted', message: 'aborted' };
      requests += 1;
      ctx.onRequest?.(endpoint, request);
      const redis = REDIS_ARGS[request];
      outcome = redis ? await probeRedis(host, port, redis, probeOptions) : await probeHttp(host, port, request.startsWith('HEAD ') ? 'HEAD' : 'GET', request.slice(request.indexOf(' ') + 1), { ...probeOptions, tls });
      // Only a connection that never got going is retried: a refused port is closed, and a peer
      // that answered badly will answer badly again.
      if (outcome.ok || (outcome.failure !== 'connect-timeout' && !(outcome.failure === 'failed' && !answered))) break;
    }
    return outcome;
  };

  /** The matcher's lookup: cached answers; null for failures and once probing has stopped. */
  const lookup = (request: string): ProbeResponse | null | undefined => {
    if (cache.has(request)) return cache.get(request);
    // Once the peer has shown it speaks RESP, no further HTTP request is sent to it.
    return stopped || (respSeen && !request.startsWith('REDIS ')) ? null : undefined;
  };

  const fetch = async (request: string): Promise<void> => {
    if (requests >= o.maxRequestsPerTarget) {
      cache.set(request, null);
      return;
    }
    let outcome = await send(request);
    // A port that drops plain HTTP without a word, or answers it with a TLS record, is asked
    // once more over HTTPS; every later request then speaks HTTPS.
    const plainRefused = !outcome.ok && (outcome.failure === 'failed' || (outcome.failure === 'bad-response' && looksLikeTls(outcome.raw)));
    if (plainRefused && !answered && !respSeen && !triedTls && !request.startsWith('REDIS ')) {
      triedTls = true;
      tls = true;
      outcome = await send(request);
      if (!outcome.ok && outcome.failure !== 'aborted') tls = false;
    }
    if (outcome.ok) {
      answered = true;
      let r = outcome.response;
      if (r.status === 0) respSeen = true;
      if (cachedBytes + r.body.length > bodyBudget) r = { ...r, body: r.body.slice(0, KEPT_WHEN_OVER_BUDGET) };
      cachedBytes += r.body.length;
      cache.set(request, r);
      return;
    }
    cache.set(request, null);
    switch (outcome.failure) {
      case 'refused':
        if (!answered) refused = true;
        stopped = true;
        return;
      case 'connect-timeout':
        if (!answered) filtered = true;
        stopped = true;
        return;
      case 'aborted':
        cut = true;
        stopped = true;
        return;
      case 'bad-response':
        if (!answered && request.startsWith('REDIS ')) return; // not Redis: the HTTP services are tried next
        if (!answered && looksLikeResp(outcome.raw)) {
          // Redis answers an HTTP request line with -ERR and drops the connection: speak RESP instead.
          respSeen = true;
          return;
        }
        // A peer that spoke something else is open, just not identified.
        if (outcome.raw && outcome.raw.length > 0) answered = true;
        errors.push({ target, code: ERROR_CODE[outcome.failure], message: `${request}: ${outcome.message}` });
        stopped = true;
        return;
      case 'too-large':
        answered = true;
      // falls through
      default:
        errors.push({ target, code: ERROR_CODE[outcome.failure], message: `${request}: ${outcome.message}` });
        stopped = true;
    }
  };

  const run = async <T>(step: () => { done: T } | { need: string }): Promise<T> => {
    for (;;) {
      const s = step();
      if ('done' in s) return s.done;
      await fetch(s.need);
    }
  };

  const redisFirst = ctx.services.some((s) => s.protocol === 'redis' && s.ports.includes(port));
  let service: ServiceFingerprint | null = null;
  for (const protocol of redisFirst ? (['redis', 'http'] as const) : (['http', 'redis'] as const)) {
    if (protocol === 'redis' && !redisFirst && !respSeen) continue;
    if (protocol === 'http' && redisFirst && (answered || stopped)) continue;
    service = await run(() => identify(candidateOrder(ctx.services, port, protocol), lookup));
    if (service || stopped) break;
  }
  const identification = service ? await run(() => describe(service!, lookup)) : undefined;

  // Malformed JSON where JSON was announced is worth a per-target note (a broken or hostile peer).
  for (const r of cache.values()) {
    if (r && /json/i.test(r.headers['content-type'] ?? '') && r.body.trim() !== '' && jsonOf(r) === undefined) {
      errors.push({ target, code: 'EXPOSURE_BAD_RESPONSE', message: `${r.request}: announced JSON but the body is not valid JSON` });
      break;
    }
  }

  // The root page says most about an unknown service; otherwise whatever answered first.
  const first = cache.get('GET /') ?? [...cache.values()].find((r): r is ProbeResponse => r !== null);
  const state: EndpointState = identification || answered || respSeen ? 'open' : refused ? 'closed' : filtered ? 'filtered' : errors.length > 0 ? 'error' : cut ? 'error' : 'closed';
  const result: EndpointResult = {
    endpoint,
    target,
    state,
    advisories: identification ? matchAdvisories(ctx.advisories, identification.service.id, identification.version) : [],
    errors,
    requests,
    ...(identification ? { identification } : {}),
    ...(cut ? { cut } : {}),
    ...(tls ? { tls } : {}),
  };
  if (!identification && (answered || respSeen)) {
    result.evidence = first
      ? { protocol: first.status === 0 ? 'redis' : 'http', status: first.status || undefined, server: first.headers.server?.slice(0, 80), contentType: first.headers['content-type']?.slice(0, 80) }
      : { protocol: respSeen ? 'redis' : 'unknown' };
  }
  return result;
}
