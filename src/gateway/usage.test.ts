import { describe, expect, it } from 'vitest';
import { streamUsageTokens, usageTokens } from './usage.js';

const sse = (...events: string[]): Buffer => Buffer.from(events.map((e) => `data: ${e}\n\n`).join(''));
const chunk = (content: string, usage: unknown = null): string => JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: content === '' ? [] : [{ index: 0, delta: { content } }], usage });

describe('usageTokens', () => {
  it('reads OpenAI usage and Ollama eval_count, and nothing else', () => {
    expect(usageTokens({ usage: { completion_tokens: 12 } })).toBe(12);
    expect(usageTokens({ eval_count: 7 })).toBe(7);
    expect(usageTokens({ usage: null, eval_count: 3 })).toBe(3);
    expect(usageTokens({ usage: { completion_tokens: '12' } })).toBeUndefined();
    expect(usageTokens({ usage: { completion_tokens: -1 } })).toBeUndefined();
    expect(usageTokens({ usage: { completion_tokens: Number.NaN } })).toBeUndefined();
    expect(usageTokens({})).toBeUndefined();
  });
});

describe('streamUsageTokens', () => {
  it('finds the usage chunk OpenAI sends last when include_usage is set, past the usage: null chunks and [DONE]', () => {
    expect(streamUsageTokens('sse', sse(chunk('Hel'), chunk('lo'), chunk('', { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 }), '[DONE]'))).toBe(2);
  });

  it('reads CRLF-framed events and events of several data lines', () => {
    const crlf = Buffer.from(`data: ${chunk('a')}\r\n\r\ndata: ${chunk('', { completion_tokens: 9 })}\r\n\r\ndata: [DONE]\r\n\r\n`);
    expect(streamUsageTokens('sse', crlf)).toBe(9);
    const multi = Buffer.from(`data: ${chunk('a')}\n\nevent: x\ndata: {"usage":\ndata: {"completion_tokens": 4}}\n\n`);
    expect(streamUsageTokens('sse', multi)).toBe(4);
  });

  it("reads Ollama's done line", () => {
    const nd = Buffer.from(['{"message":{"content":"Hi"},"done":false}', '{"message":{"content":""},"done":true,"prompt_eval_count":5,"eval_count":11}', ''].join('\n'));
    expect(streamUsageTokens('ndjson', nd)).toBe(11);
  });

  it('says nothing for streams without usage, cut or malformed frames and empty input', () => {
    expect(streamUsageTokens('sse', sse(chunk('a'), chunk('b'), '[DONE]'))).toBeUndefined();
    expect(streamUsageTokens('sse', sse(chunk('a'), chunk('b')))).toBeUndefined();
    // usage: null on every chunk is not a report.
    expect(streamUsageTokens('sse', sse(chunk('a', null), chunk('b', null), '[DONE]'))).toBeUndefined();
    const full = sse(chunk('a'), chunk('', { completion_tokens: 2 }));
    expect(streamUsageTokens('sse', full.subarray(0, full.length - 8))).toBeUndefined();
    expect(streamUsageTokens('sse', Buffer.from('data: {"usage": {"completion_tokens": \n\n'))).toBeUndefined();
    expect(streamUsageTokens('ndjson', Buffer.from('{"eval_count": [1]}\n'))).toBeUndefined();
    expect(streamUsageTokens('sse', Buffer.from('"usage"\n\n'))).toBeUndefined();
    expect(streamUsageTokens('sse', Buffer.alloc(0))).toBeUndefined();
    expect(streamUsageTokens('ndjson', Buffer.from('\n\n\r\n'))).toBeUndefined();
  });

  it('finds a usage frame split between the last two reads', () => {
    const raw = sse(chunk('a'), chunk('b'), chunk('', { completion_tokens: 5 }), '[DONE]');
    for (const cut of [raw.length - 40, raw.length - 100, 30]) expect(streamUsageTokens('sse', raw.subarray(cut), raw.subarray(0, cut))).toBe(5);
    // Without the read before, the cut frame is not read: the caller estimates.
    expect(streamUsageTokens('sse', raw.subarray(raw.length - 100))).toBeUndefined();
    const big = Buffer.alloc(64 * 1024, 0x61);
    expect(streamUsageTokens('sse', raw.subarray(raw.length - 100), Buffer.concat([big, raw.subarray(0, raw.length - 100)]))).toBe(5);
  });

  it('looks at the last frames only: a usage frame far from the end, or a huge tail without one, costs a bounded search', () => {
    const early = Buffer.concat([sse(chunk('', { completion_tokens: 3 })), sse(...Array.from({ length: 10 }, () => chunk('x')))]);
    expect(streamUsageTokens('sse', early)).toBeUndefined();
    // 8 MB of one line with no frame boundary: one frame, one byte search, no parse.
    const huge = Buffer.alloc(8 * 1024 * 1024, 0x61);
    expect(streamUsageTokens('ndjson', huge)).toBeUndefined();
    expect(streamUsageTokens('sse', huge)).toBeUndefined();
  });
});
