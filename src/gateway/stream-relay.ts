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
  /**
   * The upstream's answer text per choice index, before any guard, up to the `keepChars` given at
   * creation (what the audit trail stores of a stream).
   */
  upstreamTexts(): { texts: string[]; truncated: boolean };
}

type Json = Record<string, unknown>;
export type DeltaFormat = 'openai-chat' | 'openai-completion' | 'ollama';

/** One text slot of a frame; `value` is set when the output guards changed its text. */
interface Slot {
  index: number;
  text: string;
  final: boolean;
  value?: string;
}

/** Text slots of a parsed chunk, by choice index, in each wire format; with `values`, writes them into the object. */
function deltaSlots(obj: Json, format: DeltaFormat, values?: readonly (string | undefined)[]): Slot[] {
  const slots: Slot[] = [];
  const str = (v: unknown): string => (typeof v === 'string' ? v : '');
  const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
  const put = (text: string, index: number, final: boolean, write: (v: string) => void): void => {
    const v = values?.[slots.length];
    if (v !== undefined) write(v);
    slots.push({ index, text, final });
  };
  if (format === 'ollama') {
    const msg = obj.message;
    const final = obj.done === true;
    if (isObject(msg)) put(str(msg.content), 0, final, (v) => void (msg.content = v));
    else put(str(obj.response), 0, final, (v) => void (obj.response = v));
    return slots;
  }
  if (!Array.isArray(obj.choices)) return slots;
  const choices = obj.choices as unknown[];
  for (let i = 0; i < choices.length; i++) {
    const c = choices[i];
    if (!isObject(c)) continue;
    const index = typeof c.index === 'number' ? c.index : i;
    const final = c.finish_reason !== null && c.finish_reason !== undefined;
    if (format === 'openai-completion') put(str(c.text), index, final, (v) => void (c.text = v));
    else {
      const delta = isObject(c.delta) ? c.delta : undefined;
      put(str(delta?.content), index, final, (v) => {
        (delta ?? ((c.delta = {}) as Json)).content = v;
      });
    }
  }
  return slots;
}

/** One event (SSE) or line (NDJSON) of a batch. */
interface Frame {
  /** Where the frame, terminator included, is in the batch's text: sliced only when a frame beside it changed. */
  from: number;
  to: number;
  /** SSE lines other than data:, kept when the frame is rewritten. */
  head: string;
  /** The parsed JSON; undefined for comments, [DONE] and data that is not a JSON object. */
  obj: Json | undefined;
  /** Set instead of obj when the frame matched the stream's template: the JSON around its one text literal. */
  around?: Template;
  slots: Slot[];
  changed: boolean;
}

/**
 * Token frames of one stream differ only in their text: `{"id":"x",...,"delta":{"content":"<text>"},
 * ...}`, the same bytes around the text every time. A frame that parsed with one text slot whose
 * literal occurs once in it becomes the stream's template; a later frame that is the template's
 * bytes around one valid JSON string literal has the same structure (a literal is one token and
 * cannot change it), so its text is that literal, and no JSON.parse or object is needed.
 */
interface Template {
  prefix: string;
  suffix: string;
  index: number;
}

/** A string literal with nothing to unescape. */
const PLAIN_LITERAL = /^"[^"\\\u0000-\u001f]*"$/;

function learnTemplate(payload: string, slots: readonly Slot[]): Template | undefined {
  if (slots.length !== 1 || slots[0]!.final || slots[0]!.text === '') return undefined;
  const literal = JSON.stringify(slots[0]!.text);
  const at = payload.indexOf(literal);
  if (at < 0 || payload.indexOf(literal, at + 1) >= 0) return undefined;
  return { prefix: payload.slice(0, at), suffix: payload.slice(at + literal.length), index: slots[0]!.index };
}

/** The text of a frame that is the template around one string literal, or undefined. */
function matchTemplate(payload: string, t: Template): string | undefined {
  const end = payload.length - t.suffix.length;
  // Slices compared with ===: V8 compares flat strings with memcmp, while startsWith on a sliced
  // string walks it character by character.
  if (end - t.prefix.length < 2 || payload.slice(0, t.prefix.length) !== t.prefix || payload.slice(end) !== t.suffix) return undefined;
  const literal = payload.slice(t.prefix.length, end);
  if (PLAIN_LITERAL.test(literal)) return literal.slice(1, -1);
  if (literal.charCodeAt(0) !== 0x22) return undefined;
  try {
    const text: unknown = JSON.parse(literal);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Splits complete frames: SSE events end with a blank line (\n\n or \r\n\r\n), NDJSON lines with \n. */
function splitFrames(frames: string, framing: Framing, format: DeltaFormat, state: { template?: Template }): Frame[] {
  const out: Frame[] = [];
  // Most streams never send a CR: then no frame needs the CRLF search (a scan to the end each time).
  const cr = framing === 'sse' && frames.indexOf('\r') >= 0;
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
      const crlf = cr ? frames.indexOf('\r\n\r\n', at) : -1;
      if (lf < 0 && crlf < 0) end = next = frames.length;
      else if (crlf < 0 || (lf >= 0 && lf < crlf)) {
        end = lf;
        next = lf + 2;
      } else {
        end = crlf;
        next = crlf + 4;
      }
    }
    const from = at;
    let payload: string | undefined;
    let head = '';
    if (framing === 'ndjson') payload = frames.slice(at, end);
    else if (frames.startsWith('data: ', at) && frames.indexOf('\n', at) >= end) {
      // The common event: one data line and nothing else.
      payload = frames.slice(at + 6, end);
    } else {
      // The data: lines joined by \n are the event's data (WHATWG HTML, event stream parsing).
      const data: string[] = [];
      for (const line of frames.slice(at, end).split(/\r?\n/)) {
        if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        else head += `${line}\n`;
      }
      payload = data.length === 0 ? undefined : data.join('\n');
    }
    at = next;
    if (payload === undefined || payload === '[DONE]' || payload.trim() === '') {
      out.push({ from, to: next, head, obj: undefined, slots: [], changed: false });
      continue;
    }
    const t = state.template;
    const text = t === undefined ? undefined : matchTemplate(payload, t);
    if (text !== undefined) {
      out.push({ from, to: next, head, obj: undefined, around: t, slots: [{ index: t!.index, text, final: false }], changed: false });
      continue;
    }
    let obj: unknown;
    try {
      obj = JSON.parse(payload);
    } catch {
      obj = undefined;
    }
    const parsed = obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Json) : undefined;
    const slots = parsed === undefined ? [] : deltaSlots(parsed, format);
    // A frame that did not fit (the first, a role-only or a final one) may teach the template for the next.
    if (parsed !== undefined) state.template = learnTemplate(payload, slots) ?? t;
    out.push({ from, to: next, head, obj: parsed, slots, changed: false });
  }
  return out;
}

/** A changed frame's JSON, with the new texts written into its slots. */
function rewritePayload(frame: Frame, format: DeltaFormat): string {
  if (frame.around !== undefined) return frame.around.prefix + JSON.stringify(frame.slots[0]!.value) + frame.around.suffix;
  deltaSlots(frame.obj!, format, frame.slots.map((s) => s.value));
  return JSON.stringify(frame.obj);
}

/**
 * Frame rewriting for streams with output guards. Each choice has its own guard chain, fed once
 * per batch (the frames of one socket read, see createStreamRelay) with the text of all the
 * batch's frames for that choice: the guards' fixed cost is paid per batch, not per token.
 * Frames whose text the chain left alone go out as the upstream sent them; when the chain changed
 * the text (a restored placeholder, text held back), the batch's text for that choice goes in its
 * first frame and the others carry none, so the concatenation, which is what clients read, is the
 * chain's output. Text a guard holds back is released on the choice's final frame. A blocked batch
 * is withheld whole. With `keepChars`, the upstream's text (before any guard) is kept for the
 * audit trail.
 */
/** A choice index past this is not kept for the audit (n is at most 128 at OpenAI): a hostile upstream must not size an array. */
const MAX_KEPT_CHOICE = 1024;

export function createFrameRewriter(
  framing: Framing,
  format: DeltaFormat,
  openStream: () => StreamGuard,
  options: { keepChars?: number } = {},
): FrameRewriter {
  const streams = new Map<number, StreamGuard>();
  const state: { template?: Template } = {};
  let released = 0;
  const keepChars = options.keepChars ?? 0;
  const kept: string[] = [];
  let keptChars = 0;
  let truncated = false;
  const keep = (index: number, text: string): void => {
    if (text === '') return;
    const room = keepChars - keptChars;
    if (room <= 0 || index < 0 || index > MAX_KEPT_CHOICE) {
      truncated = true;
      return;
    }
    const piece = text.length <= room ? text : text.slice(0, room);
    if (piece.length < text.length) truncated = true;
    for (let i = kept.length; i < index; i++) kept.push('');
    kept[index] = (kept[index] ?? '') + piece;
    keptChars += piece.length;
  };
  const streamFor = (i: number): StreamGuard => {
    let s = streams.get(i);
    if (!s) streams.set(i, (s = openStream()));
    return s;
  };

  return {
    releasedChars: () => released,
    upstreamTexts: () => ({ texts: kept.slice(), truncated }),
    rewrite(frames) {
      const parsed = splitFrames(frames, framing, format, state);
      // Slots of this chunk by choice, in stream order.
      const byChoice = new Map<number, { slots: Slot[]; frames: Frame[] }>();
      for (const frame of parsed) {
        for (const slot of frame.slots) {
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
        let final = false;
        for (const slot of group.slots) {
          text += slot.text;
          if (slot.final) final = true;
        }
        if (keepChars > 0) keep(index, text);
        const s = streamFor(index);
        const step = s.push(text);
        findings.push(...step.findings);
        if (step.verdict === 'block') return { out: '', verdict: 'block', findings };
        let out = step.text;
        if (final) {
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
          slot.value = value;
          group.frames[i]!.changed = true;
        });
      }
      if (!changed) return { out: frames, verdict, findings };
      let out = '';
      for (const frame of parsed) {
        if (!frame.changed) out += frames.slice(frame.from, frame.to);
        else if (framing === 'ndjson') out += `${rewritePayload(frame, format)}\n`;
        else out += `${frame.head}data: ${rewritePayload(frame, format)}\n\n`;
      }
      return { out, verdict, findings };
    },
  };
}

/**
 * A stream's answer as the whole (non-streamed) answer of its wire format would carry it: the text
 * per choice, and `truncated` when the rewriter kept less than the upstream sent.
 */
export function assembledAnswer(format: DeltaFormat, rewriter: FrameRewriter): Buffer {
  const { texts, truncated } = rewriter.upstreamTexts();
  const more = truncated ? { truncated: true } : {};
  if (format === 'ollama') return Buffer.from(JSON.stringify({ message: { role: 'assistant', content: texts[0] ?? '' }, ...more }));
  const choices = texts.map((t, index) => (format === 'openai-completion' ? { index, text: t } : { index, message: { role: 'assistant', content: t } }));
  return Buffer.from(JSON.stringify({ choices, ...more }));
}

/** What a relay can tell its upstream after a chunk. */
export type RelaySignal = 'more' | 'pause' | 'blocked' | 'gone';

export interface StreamRelay {
  /**
   * Takes one upstream chunk. Complete frames go to the client when the chunks of the current
   * socket read have all arrived (a microtask later): the HTTP parser hands over one chunk per
   * chunked-encoding piece, and a read often holds many, so the output guards and the client
   * socket see one batch per read instead of one per token. Returns what is known now; what the
   * batch's write says later goes to `onSignal`.
   */
  push(chunk: Buffer): RelaySignal;
  /** Sends what has arrived so far now, without waiting for the rest of the read. */
  flush(): RelaySignal;
  /** From now on what the relay sends is kept for takeHeld() instead of written. */
  hold(): void;
  /** What was kept since hold(), for the caller's res.end(); undefined when nothing was. */
  takeHeld(): Buffer | undefined;
  /** The upstream ended: a final frame without its terminator still belongs to the client. */
  end(): RelaySignal;
  /** Bytes written to the client. */
  readonly bytes: number;
  /** Findings of output guards that flagged the stream without stopping it. */
  readonly flagged: Finding[];
  /** Findings of the output guard that stopped the stream, if one did. */
  readonly blockedBy: Finding[] | undefined;
}

/**
 * Relays an upstream stream to the client cut at frame boundaries: frames go out as soon as the
 * read that completed them is parsed, a partial frame waits for its end (so an error event can
 * never be glued onto half an event), and a full socket buffer asks the caller to pause the
 * upstream. `onSignal` hears what a batch sent after `push` returned said: 'pause', 'blocked' or
 * 'gone' (never 'more').
 */
export function createStreamRelay(
  res: ServerResponse,
  framing: Framing,
  rewriter: FrameRewriter | undefined,
  onSignal: (signal: RelaySignal) => void,
  upstreamEnded: () => boolean = () => false,
): StreamRelay {
  /** Chunks received since the last batch; the first may hold the previous batch's partial frame. */
  let pending: Buffer[] = [];
  let scheduled = false;
  let bytes = 0;
  let blockedBy: Finding[] | undefined;
  const flagged: Finding[] = [];
  /** Once stopped, a relay writes nothing more, whatever is still in flight. */
  let stopped: RelaySignal | undefined;

  let held: Buffer[] | undefined;
  const send = (out: Buffer | string): RelaySignal => {
    if (out.length === 0) return 'more';
    bytes += out.length;
    if (held !== undefined) {
      held.push(typeof out === 'string' ? Buffer.from(out) : out);
      return 'more';
    }
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

  const flush = (): RelaySignal => {
    scheduled = false;
    if (stopped !== undefined) return stopped;
    if (res.destroyed) return (stopped = 'gone');
    if (pending.length === 0) return 'more';
    const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    const end = lastFrameEnd(data, framing);
    if (end < 0) {
      pending = [data];
      return 'more';
    }
    pending = end < data.length ? [data.subarray(end)] : [];
    return emit(end === data.length ? data : data.subarray(0, end));
  };

  const flushLater = (): void => {
    // A flush() or end() since the push already sent the batch.
    if (!scheduled) return;
    // The read that brought this batch also ended the answer: end() sends it, with the end.
    if (upstreamEnded()) {
      scheduled = false;
      return;
    }
    const signal = flush();
    if (signal !== 'more') onSignal(signal);
  };

  return {
    push(chunk) {
      if (stopped !== undefined) return stopped;
      if (res.destroyed) return (stopped = 'gone');
      pending.push(chunk);
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flushLater);
      }
      return 'more';
    },
    flush,
    hold() {
      held ??= [];
    },
    takeHeld() {
      const out = held === undefined || held.length === 0 ? undefined : held.length === 1 ? held[0] : Buffer.concat(held);
      held = undefined;
      return out;
    },
    end() {
      const signal = flush();
      if (signal !== 'more' || pending.length === 0) return signal;
      const tail = Buffer.concat([...pending, Buffer.from(framing === 'ndjson' ? '\n' : '\n\n')]);
      pending = [];
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
