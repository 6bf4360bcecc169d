import type { ServerResponse } from 'node:http';
import type { Finding, Verdict } from '../core/index.js';
import type { StreamGuard } from '../guards/index.js';

export type Framing = 'sse' | 'ndjson';

/** Where a complete-frames region of an SSE or NDJSON buffer ends (exclusive), or -1. */
export function lastFrameEnd(buf: Buffer, framing: Framing): number {
  if (framing === 'ndjson') {
    const i = buf.lastIndexOf(0x0a);
    return i < 0 ? -1 : i + 1;
  }
  // SSE events end with a blank line (WHATWG HTML, "event stream" parsing): \n\n or \r\n\r\n.
  const a = buf.lastIndexOf('\n\n');
  const b = buf.lastIndexOf('\r\n\r\n');
  return Math.max(a < 0 ? -1 : a + 2, b < 0 ? -1 : b + 4);
}

/** Rewrites complete frames (text deltas through the output guards); returns what to send. */
export interface FrameRewriter {
  rewrite(frames: string): { out: string; verdict: Verdict; findings: Finding[] };
  /** Characters of answer text released so far (for token accounting). */
  releasedChars(): number;
}

type Json = Record<string, unknown>;

/** Text slots of a streamed chunk, by choice index, in each wire format. */
function deltaSlots(obj: Json, format: 'openai-chat' | 'openai-completion' | 'ollama'): { index: number; get(): string; set(v: string): void; final: boolean }[] {
  if (format === 'ollama') {
    const msg = obj.message as Json | undefined;
    const final = obj.done === true;
    if (msg && typeof msg === 'object') return [{ index: 0, get: () => (typeof msg.content === 'string' ? msg.content : ''), set: (v) => void (msg.content = v), final }];
    return [{ index: 0, get: () => (typeof obj.response === 'string' ? obj.response : ''), set: (v) => void (obj.response = v), final }];
  }
  const choices = Array.isArray(obj.choices) ? (obj.choices as Json[]) : [];
  return choices.map((c, i) => {
    const index = typeof c.index === 'number' ? c.index : i;
    const final = c.finish_reason !== null && c.finish_reason !== undefined;
    if (format === 'openai-completion') return { index, get: () => (typeof c.text === 'string' ? c.text : ''), set: (v) => void (c.text = v), final };
    const delta = (c.delta && typeof c.delta === 'object' ? c.delta : (c.delta = {})) as Json;
    return { index, get: () => (typeof delta.content === 'string' ? delta.content : ''), set: (v) => void (delta.content = v), final };
  });
}

/**
 * Frame rewriting for streams with output guards. Each choice has its own guard chain; text a
 * guard holds back is released on the choice's final chunk, so the order of events is kept.
 */
export function createFrameRewriter(framing: Framing, format: 'openai-chat' | 'openai-completion' | 'ollama', openStream: () => StreamGuard): FrameRewriter {
  const streams = new Map<number, StreamGuard>();
  let released = 0;
  const streamFor = (i: number): StreamGuard => {
    let s = streams.get(i);
    if (!s) streams.set(i, (s = openStream()));
    return s;
  };

  const rewriteJson = (payload: string): { text: string; verdict: Verdict; findings: Finding[] } => {
    let obj: Json;
    try {
      obj = JSON.parse(payload) as Json;
    } catch {
      return { text: payload, verdict: 'allow', findings: [] };
    }
    if (obj === null || typeof obj !== 'object') return { text: payload, verdict: 'allow', findings: [] };
    let verdict: Verdict = 'allow';
    let changed = false;
    const findings: Finding[] = [];
    for (const slot of deltaSlots(obj, format)) {
      const s = streamFor(slot.index);
      const original = slot.get();
      const step = s.push(original);
      let text = step.text;
      findings.push(...step.findings);
      if (step.verdict === 'block') return { text: '', verdict: 'block', findings };
      if (slot.final) {
        const end = s.end();
        findings.push(...end.findings);
        if (end.verdict === 'block') return { text: '', verdict: 'block', findings };
        text += end.text;
        streams.delete(slot.index);
      }
      if (step.verdict !== 'allow') verdict = step.verdict;
      released += text.length;
      if (text !== original) {
        slot.set(text);
        changed = true;
      }
    }
    // Most frames pass through untouched: the upstream's own bytes go out, not a re-serialisation.
    return { text: changed ? JSON.stringify(obj) : payload, verdict, findings };
  };

  return {
    releasedChars: () => released,
    rewrite(frames) {
      const findings: Finding[] = [];
      let verdict: Verdict = 'allow';
      const parts = framing === 'ndjson' ? frames.split('\n') : frames.split(/\r?\n\r?\n/);
      const out: string[] = [];
      for (const part of parts) {
        if (part === '') continue;
        if (framing === 'ndjson') {
          const r = rewriteJson(part);
          findings.push(...r.findings);
          if (r.verdict === 'block') return { out: out.join(''), verdict: 'block', findings };
          out.push(`${r.text}\n`);
          continue;
        }
        const lines = part.split(/\r?\n/);
        const dataLines = lines.filter((l) => l.startsWith('data:'));
        const payload = dataLines.map((l) => l.slice(l.startsWith('data: ') ? 6 : 5)).join('\n');
        if (dataLines.length === 0 || payload === '[DONE]') {
          out.push(`${part}\n\n`);
          continue;
        }
        const r = rewriteJson(payload);
        findings.push(...r.findings);
        if (r.verdict === 'block') return { out: out.join(''), verdict: 'block', findings };
        if (r.verdict !== 'allow') verdict = r.verdict;
        out.push(`${lines.filter((l) => !l.startsWith('data:')).map((l) => `${l}\n`).join('')}data: ${r.text}\n\n`);
      }
      return { out: out.join(''), verdict, findings };
    },
  };
}

/** What a relay can tell its upstream after a chunk. */
export type RelaySignal = 'more' | 'pause' | 'blocked' | 'gone';

export interface StreamRelay {
  /** Feeds one upstream chunk; complete frames go to the client at once. */
  push(chunk: Buffer): RelaySignal;
  /** The upstream ended: a final frame without its terminator still belongs to the client. */
  end(): RelaySignal;
  /** Bytes written to the client. */
  readonly bytes: number;
  /** Findings of the output guard that stopped the stream, if one did. */
  readonly blockedBy: Finding[] | undefined;
  /** Findings of output guards that flagged the stream without stopping it. */
  readonly flagged: Finding[];
}

/**
 * Relays an upstream stream to the client cut at frame boundaries: the first frame goes out as
 * soon as it is complete, a partial frame waits for its end (so an error event can never be glued
 * onto half an event), and a full socket buffer asks the caller to pause the upstream.
 */
export function createStreamRelay(res: ServerResponse, framing: Framing, rewriter: FrameRewriter | undefined): StreamRelay {
  let pending: Buffer | undefined;
  let bytes = 0;
  let blockedBy: Finding[] | undefined;
  const flagged: Finding[] = [];
  /** Once stopped, a relay writes nothing more, whatever is still in flight. */
  let stopped: RelaySignal | undefined;

  const send = (out: Buffer | string): RelaySignal => {
    if (out.length === 0) return 'more';
    bytes += out.length;
    return res.write(out) ? 'more' : 'pause';
  };

  const emit = (frames: Buffer): RelaySignal => {
    if (!rewriter) return send(frames);
    const r = rewriter.rewrite(frames.toString('utf8'));
    if (r.verdict === 'block') {
      if (r.out !== '') send(r.out);
      blockedBy = r.findings;
      stopped = 'blocked';
      return stopped;
    }
    if (r.findings.length > 0) flagged.push(...r.findings);
    return send(r.out);
  };

  return {
    push(chunk) {
      if (stopped !== undefined) return stopped;
      if (res.destroyed) return (stopped = 'gone');
      const data = pending === undefined ? chunk : Buffer.concat([pending, chunk]);
      const end = lastFrameEnd(data, framing);
      if (end < 0) {
        pending = data;
        return 'more';
      }
      pending = end < data.length ? data.subarray(end) : undefined;
      return emit(end === data.length ? data : data.subarray(0, end));
    },
    end() {
      if (stopped !== undefined) return stopped;
      if (res.destroyed) return (stopped = 'gone');
      if (pending === undefined || pending.length === 0) return 'more';
      const tail = Buffer.concat([pending, Buffer.from(framing === 'ndjson' ? '\n' : '\n\n')]);
      pending = undefined;
      return emit(tail);
    },
    get bytes() {
      return bytes;
    },
    get blockedBy() {
      return blockedBy;
    },
    get flagged() {
      return flagged;
    },
  };
}
