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
  /** `out` is `frames` itself (the same string) when no frame had to change. */
  rewrite(frames: string): { out: string; verdict: Verdict; findings: Finding[] };
  /** Characters of answer text released so far (for token accounting). */
  releasedChars(): number;
}

type Json = Record<string, unknown>;
type Format = 'openai-chat' | 'openai-completion' | 'ollama';

interface Slot {
  index: number;
  text: string;
  final: boolean;
  set(v: string): void;
}

/** Text slots of a streamed chunk, by choice index, in each wire format. */
function deltaSlots(obj: Json, format: Format, into: Slot[]): void {
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  if (format === 'ollama') {
    const msg = obj.message as Json | undefined;
    const final = obj.done === true;
    if (msg && typeof msg === 'object') into.push({ index: 0, text: str(msg.content), final, set: (v) => void (msg.content = v) });
    else into.push({ index: 0, text: str(obj.response), final, set: (v) => void (obj.response = v) });
    return;
  }
  if (!Array.isArray(obj.choices)) return;
  const choices = obj.choices as Json[];
  for (let i = 0; i < choices.length; i++) {
    const c = choices[i]!;
    if (c === null || typeof c !== 'object') continue;
    const index = typeof c.index === 'number' ? c.index : i;
    const final = c.finish_reason !== null && c.finish_reason !== undefined;
    if (format === 'openai-completion') {
      into.push({ index, text: str(c.text), final, set: (v) => void (c.text = v) });
      continue;
    }
    const delta = c.delta !== null && typeof c.delta === 'object' ? (c.delta as Json) : undefined;
    into.push({ index, text: str(delta?.content), final, set: (v) => void ((delta ?? (c.delta = {}) as Json).content = v) });
  }
}

/** One event (SSE) or line (NDJSON) of a chunk: its text, and its JSON when it carries one. */
interface Frame {
  /** The frame as received, terminator included. */
  raw: string;
  /** SSE lines other than data:, kept when the frame is re-serialised. */
  head: string;
  obj: Json | undefined;
  changed: boolean;
}

/** Splits complete frames: SSE events end with a blank line (\n\n or \r\n\r\n), NDJSON lines with \n. */
function splitFrames(frames: string, framing: Framing): Frame[] {
  const out: Frame[] = [];
  let at = 0;
  while (at < frames.length) {
    let end: number;
    let next: number;
    if (framing === 'ndjson') {
      end = frames.indexOf('\n', at);
      next = end < 0 ? frames.length : end + 1;
      if (end < 0) end = frames.length;
    } else {
      const lf = frames.indexOf('\n\n', at);
      const crlf = frames.indexOf('\r\n\r\n', at);
      if (lf < 0 && crlf < 0) [end, next] = [frames.length, frames.length];
      else if (crlf < 0 || (lf >= 0 && lf < crlf)) [end, next] = [lf, lf + 2];
      else [end, next] = [crlf, crlf + 4];
    }
    const body = frames.slice(at, end);
    const raw = frames.slice(at, next);
    at = next;
    if (body.trim() === '') {
      out.push({ raw, head: '', obj: undefined, changed: false });
      continue;
    }
    let payload = body;
    let head = '';
    if (framing === 'sse') {
      // The data: lines joined by \n are the event's data (WHATWG HTML, event stream parsing).
      const data: string[] = [];
      for (const line of body.split(/\r?\n/)) {
        if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        else head += `${line}\n`;
      }
      payload = data.join('\n');
      if (data.length === 0 || payload === '[DONE]') {
        out.push({ raw, head, obj: undefined, changed: false });
        continue;
      }
    }
    let obj: unknown;
    try {
      obj = JSON.parse(payload);
    } catch {
      obj = undefined;
    }
    out.push({ raw, head, obj: obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Json) : undefined, changed: false });
  }
  return out;
}

/**
 * Frame rewriting for streams with output guards. Each choice has its own guard chain, fed once
 * per upstream chunk with the text of all the chunk's frames for that choice: the guards' fixed
 * cost is paid per chunk, not per token, and the client gets the chunk's frames in one write
 * either way. Frames whose text the chain left alone go out as the upstream sent them; when the
 * chain changed the text (a restored placeholder, text held back), the chunk's text for that choice
 * goes in its first frame and the others carry none, so the concatenation, which is what clients
 * read, is the chain's output. Text a guard holds back is released on the choice's final frame. A
 * blocked chunk is withheld whole.
 */
export function createFrameRewriter(framing: Framing, format: Format, openStream: () => StreamGuard): FrameRewriter {
  const streams = new Map<number, StreamGuard>();
  let released = 0;
  const streamFor = (i: number): StreamGuard => {
    let s = streams.get(i);
    if (!s) streams.set(i, (s = openStream()));
    return s;
  };

  return {
    releasedChars: () => released,
    rewrite(frames) {
      const parsed = splitFrames(frames, framing);
      // Slots of this chunk by choice, in stream order.
      const byChoice = new Map<number, { slots: Slot[]; frames: Frame[] }>();
      const slots: Slot[] = [];
      for (const frame of parsed) {
        if (frame.obj === undefined) continue;
        slots.length = 0;
        deltaSlots(frame.obj, format, slots);
        for (const slot of slots) {
          let group = byChoice.get(slot.index);
          if (group === undefined) byChoice.set(slot.index, (group = { slots: [], frames: [] }));
          group.slots.push(slot);
          group.frames.push(frame);
        }
      }
      const findings: Finding[] = [];
      let verdict: Verdict = 'allow';
      let changed = false;
      for (const [index, group] of byChoice) {
        let text = '';
        for (const slot of group.slots) text += slot.text;
        const s = streamFor(index);
        const step = s.push(text);
        findings.push(...step.findings);
        if (step.verdict === 'block') return { out: '', verdict: 'block', findings };
        let out = step.text;
        if (group.slots.some((slot) => slot.final)) {
          const end = s.end();
          findings.push(...end.findings);
          if (end.verdict === 'block') return { out: '', verdict: 'block', findings };
          out += end.text;
          streams.delete(index);
        }
        if (step.verdict !== 'allow') verdict = step.verdict;
        released += out.length;
        if (out === text) continue;
        changed = true;
        group.slots.forEach((slot, i) => {
          const value = i === 0 ? out : '';
          if (slot.text === value) return;
          slot.set(value);
          group.frames[i]!.changed = true;
        });
      }
      if (!changed) return { out: frames, verdict, findings };
      let out = '';
      for (const frame of parsed) {
        if (!frame.changed) out += frame.raw;
        else if (framing === 'ndjson') out += `${JSON.stringify(frame.obj)}\n`;
        else out += `${frame.head}data: ${JSON.stringify(frame.obj)}\n\n`;
      }
      return { out, verdict, findings };
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
    const text = frames.toString('utf8');
    const r = rewriter.rewrite(text);
    if (r.verdict === 'block') {
      if (r.out !== '') send(r.out);
      blockedBy = r.findings;
      stopped = 'blocked';
      return stopped;
    }
    if (r.findings.length > 0) flagged.push(...r.findings);
    // Unchanged frames go out as the upstream's own bytes: no second UTF-8 encoding.
    return send(r.out === text ? frames : r.out);
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
