// The benchmark's request: a ~1 KB chat request of plain prose, shared by run.mjs (closed-loop
// req/s across processes) and inproc.mjs (CPU per request in one process).
export const CHAT_PATH = '/v1/chat/completions';
export const MODEL = 'fake-gpt';
export const STREAM_CHUNKS = 20;
export const TARGET_BODY_BYTES = 1024;

const PROSE = [
  'The storage team is preparing the quarterly review of the object store cluster in the second region.',
  'Write a short summary for the operations meeting that covers capacity, latency and the planned upgrades.',
  'Capacity grew by eleven percent this quarter, mostly from backup traffic and the new analytics jobs.',
  'Median read latency stayed flat, while the slowest percentile improved after the cache nodes were replaced.',
  'Two maintenance windows are planned next month: one for the kernel update and one for the switch firmware.',
  'Keep the tone factual, use plain sentences and end with the three decisions the meeting has to take.',
];

/** A chat request padded with plain prose to exactly TARGET_BODY_BYTES when not streaming. */
export function chatBodies() {
  // max_tokens keeps any per-request output-token reservation small, so the token limit never trips.
  const build = (text, stream) =>
    JSON.stringify({ model: MODEL, max_tokens: 256, messages: [{ role: 'system', content: 'You are a concise assistant for an operations team.' }, { role: 'user', content: text }], ...(stream ? { stream: true } : {}) });
  let text = '';
  for (let i = 0; Buffer.byteLength(build(text, false)) < TARGET_BODY_BYTES; i++) text += `${PROSE[i % PROSE.length]} `;
  text = text.slice(0, text.length - (Buffer.byteLength(build(text, false)) - TARGET_BODY_BYTES));
  return { nonstream: build(text, false), stream: build(text, true) };
}
