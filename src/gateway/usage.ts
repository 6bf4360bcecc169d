import type { Framing } from './stream-relay.js';

/** Completion tokens an upstream reported in an answer object: OpenAI `usage`, Ollama `eval_count`. */
export function usageTokens(obj: Record<string, unknown>): number | undefined {
  const usage = obj.usage as { completion_tokens?: unknown } | null | undefined;
  const n = usage?.completion_tokens ?? obj.eval_count;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Frames looked at from a stream's end: the usage frame is the last data frame, or next to it. */
const TAIL_FRAMES = 3;
const USAGE = Buffer.from('"usage"');
const EVAL_COUNT = Buffer.from('"eval_count"');
const DATA = Buffer.from('data:');

/** Bytes of a stream's end looked at: usage frames are a few hundred bytes. */
const TAIL_BYTES = 8 * 1024;
let joined: Buffer | undefined;

/**
 * Completion tokens reported at the end of a stream: OpenAI sends them in a last chunk when the
 * client asked for `stream_options.include_usage` (earlier chunks carry `"usage": null`), Ollama
 * in its `done` line. `last` is the stream's last read and `before` the one before it, in case
 * the usage frame was split between them; only frames that name a usage field are parsed, so a
 * stream without one costs a byte search, not a JSON parse.
 */
export function streamUsageTokens(framing: Framing, last: Buffer, before?: Buffer): number | undefined {
  const own = usageInTail(last, framing);
  // The read before matters only when the frames looked at ran into the start of the last read.
  if (own !== CUT || before === undefined || last.length >= TAIL_BYTES) return own === CUT ? undefined : own;
  // Joined in a buffer kept for the thread, not a fresh one per stream; zeroed after (answer bytes).
  const k = Math.min(before.length, TAIL_BYTES - last.length);
  joined ??= Buffer.allocUnsafeSlow(TAIL_BYTES);
  before.copy(joined, 0, before.length - k);
  last.copy(joined, k);
  const view = joined.subarray(0, k + last.length);
  try {
    const joinedUsage = usageInTail(view, framing);
    return joinedUsage === CUT ? undefined : joinedUsage;
  } finally {
    view.fill(0);
  }
}

/** usageInTail's answer when the frames it looked at reached the start of `tail` without a report. */
const CUT = -1;

/** The reported tokens in the last TAIL_FRAMES frames of `tail`, undefined, or CUT. */
function usageInTail(tail: Buffer, framing: Framing): number | undefined {
  let end = tail.length;
  for (let k = 0; k < TAIL_FRAMES; k++) {
    if (end === 0) return CUT;
    // A frame ends at a newline (NDJSON) or a blank line (SSE); trailing newlines belong to the frame before.
    let last = end;
    while (last > 0 && (tail[last - 1] === 0x0a || tail[last - 1] === 0x0d)) last--;
    if (last === 0) return CUT;
    const start = framing === 'ndjson' ? tail.lastIndexOf(0x0a, last - 1) + 1 : frameStartSse(tail, last);
    const frame = tail.subarray(start, last);
    end = start;
    if (frame.indexOf(USAGE) < 0 && frame.indexOf(EVAL_COUNT) < 0) continue;
    const payload = framing === 'ndjson' ? frame : ssePayload(frame);
    if (payload === undefined) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(payload.toString('utf8'));
    } catch {
      // A frame cut by the start of `tail`, or a malformed one: the caller estimates instead.
      continue;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) continue;
    const n = usageTokens(obj as Record<string, unknown>);
    if (n !== undefined) return n;
  }
  return end === 0 ? CUT : undefined;
}

/** Where the SSE event ending at `last` starts: after the blank line before it, or at 0. */
function frameStartSse(buf: Buffer, last: number): number {
  for (let i = last - 1; i > 0; i--) {
    if (buf[i] !== 0x0a) continue;
    // \n\n or \n\r\n before position i + 1
    if (buf[i - 1] === 0x0a || (buf[i - 1] === 0x0d && i >= 2 && buf[i - 2] === 0x0a)) return i + 1;
  }
  return 0;
}

/** The data of an SSE event (its `data:` lines joined by newlines), or undefined when it has none. */
function ssePayload(frame: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let i = 0;
  while (i < frame.length) {
    let eol = frame.indexOf(0x0a, i);
    if (eol < 0) eol = frame.length;
    const lineEnd = eol > i && frame[eol - 1] === 0x0d ? eol - 1 : eol;
    if (lineEnd - i >= DATA.length && frame.subarray(i, i + DATA.length).equals(DATA)) {
      const from = i + DATA.length + (frame[i + DATA.length] === 0x20 ? 1 : 0);
      parts.push(frame.subarray(from, lineEnd));
    }
    i = eol + 1;
  }
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : Buffer.concat(parts.flatMap((p, j) => (j === 0 ? [p] : [Buffer.from('\n'), p])));
}
