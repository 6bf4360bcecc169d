import { describe, expect, it } from 'vitest';
import { parseOllamaRequest } from './ollama.js';
import { parseOpenAiRequest } from './openai.js';
import { jsonDepthExceeds, parseJsonBody } from './validate.js';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('parseJsonBody', () => {
  it.each([
    ['not json', '{"model": '],
    ['truncated', '{"model":"x","messages":[{"role":"user","content":"hi"'],
    ['array', '[1,2,3]'],
    ['string', '"hello"'],
    ['null', 'null'],
    ['empty', ''],
    ['invalid utf-8 garbage', '\u0000\u0001\u0002'],
  ])('refuses %s with INVALID_JSON', (_name, text) => {
    expect(code(() => parseJsonBody(Buffer.from(text), 64))).toBe('INVALID_JSON');
  });

  it('refuses deep nesting before parsing, counting only outside strings', () => {
    expect(code(() => parseJsonBody(Buffer.from(`{"a":${'['.repeat(100_000)}`), 64))).toBe('JSON_TOO_DEEP');
    expect(jsonDepthExceeds(Buffer.from(`{"s":"${'['.repeat(1000)}"}`), 4)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('{"s":"\\"[[[[[["}'), 4)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('[[[[[]]]]]'), 4)).toBe(true);
  });
});

describe('OpenAI wire format', () => {
  it('extracts chat text segments by role, including content parts and tool-call arguments', () => {
    const body = {
      model: 'gpt',
      messages: [
        { role: 'system', content: 'be nice' },
        { role: 'user', content: [{ type: 'text', text: 'hello' }, { type: 'image_url', image_url: { url: 'data:x' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: '1', type: 'function', function: { name: 'f', arguments: '{"q":"x"}' } }] },
        { role: 'tool', tool_call_id: '1', content: 'tool says' },
      ],
    };
    const p = parseOpenAiRequest('chat', body);
    expect(p.segments.map((s) => [s.source, s.text])).toEqual([
      ['system', 'be nice'],
      ['user', 'hello'],
      ['assistant', '{"q":"x"}'],
      ['tool', 'tool says'],
    ]);
    p.segments[1]!.set('[REDACTED]');
    expect((body.messages[1]!.content as { text: string }[])[0]!.text).toBe('[REDACTED]');
    expect(p.items).toBe(4);
    expect(p.stream).toBe(false);
  });

  it('reads and bounds max_tokens / max_completion_tokens', () => {
    const body: Record<string, unknown> = { model: 'm', messages: [{ role: 'user', content: 'x' }], max_completion_tokens: 99999 };
    const p = parseOpenAiRequest('chat', body);
    expect(p.maxTokens()).toBe(99999);
    p.setMaxTokens(100);
    expect(body.max_completion_tokens).toBe(100);
    const absent: Record<string, unknown> = { model: 'm', messages: [{ role: 'user', content: 'x' }] };
    const q = parseOpenAiRequest('chat', absent);
    expect(q.maxTokens()).toBeUndefined();
    q.setMaxTokens(64);
    expect(absent.max_tokens).toBe(64);
  });

  it.each([
    ['missing model', { messages: [{ role: 'user', content: 'x' }] }, 'model'],
    ['model not a string', { model: 5, messages: [{ role: 'user', content: 'x' }] }, 'model'],
    ['messages a string', { model: 'm', messages: 'x' }, 'messages'],
    ['empty messages', { model: 'm', messages: [] }, 'messages'],
    ['message not an object', { model: 'm', messages: [7] }, 'messages[0]'],
    ['role missing', { model: 'm', messages: [{ content: 'x' }] }, 'messages[0].role'],
    ['content a number', { model: 'm', messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
    ['part text not a string', { model: 'm', messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] }, 'messages[0].content[0].text'],
    ['stream not boolean', { model: 'm', stream: 'yes', messages: [{ role: 'user', content: 'x' }] }, 'stream'],
    ['max_tokens a float', { model: 'm', max_tokens: 1.5, messages: [{ role: 'user', content: 'x' }] }, 'max_tokens'],
  ])('refuses %s naming the path', (_n, body, path) => {
    let err: unknown;
    try {
      parseOpenAiRequest('chat', body as Record<string, unknown>);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'INVALID_REQUEST' });
    expect((err as Error).message.startsWith(`${path}:`)).toBe(true);
  });

  it('accepts completion prompts as strings, string arrays and token ids; embeddings never generate', () => {
    expect(parseOpenAiRequest('completion', { model: 'm', prompt: ['a', 'b'] }).segments).toHaveLength(2);
    expect(parseOpenAiRequest('completion', { model: 'm', prompt: [1, 2, 3] }).segments).toHaveLength(0);
    expect(code(() => parseOpenAiRequest('completion', { model: 'm', prompt: [{}] }))).toBe('INVALID_REQUEST');
    const e = parseOpenAiRequest('embeddings', { model: 'm', input: ['x', 'y', 'z'] });
    expect([e.items, e.generates, e.stream]).toEqual([3, false, false]);
  });
});

describe('Ollama wire format', () => {
  it('streams by default and bounds num_predict through options', () => {
    const body: Record<string, unknown> = { model: 'llama3', messages: [{ role: 'user', content: 'hi' }] };
    const p = parseOllamaRequest('chat', body);
    expect(p.stream).toBe(true);
    expect(p.maxTokens()).toBeUndefined();
    p.setMaxTokens(128);
    expect(body.options).toEqual({ num_predict: 128 });
    const unbounded = parseOllamaRequest('completion', { model: 'x', prompt: 'p', options: { num_predict: -1 } });
    expect(unbounded.maxTokens()).toBeUndefined();
  });

  it('takes the model from `name` for admin calls and both names for copy', () => {
    expect(parseOllamaRequest('admin', { name: 'llama3' }, '/api/delete').model).toBe('llama3');
    const c = parseOllamaRequest('admin', { source: 'a', destination: 'b' }, '/api/copy');
    expect([c.model, c.otherModels]).toEqual(['a', ['b']]);
    expect(code(() => parseOllamaRequest('admin', { source: 'a' }, '/api/copy'))).toBe('INVALID_REQUEST');
  });

  it.each([
    ['no model', 'chat', { messages: [] }],
    ['messages an object', 'chat', { model: 'm', messages: {} }],
    ['content an array', 'chat', { model: 'm', messages: [{ role: 'user', content: ['x'] }] }],
    ['options a string', 'completion', { model: 'm', prompt: 'x', options: 'fast' }],
    ['num_predict a string', 'completion', { model: 'm', prompt: 'x', options: { num_predict: '5' } }],
    ['embed input a number', 'embeddings', { model: 'm', input: 5 }],
  ] as const)('refuses %s', (_n, kind, body) => {
    expect(code(() => parseOllamaRequest(kind, body as Record<string, unknown>))).toBe('INVALID_REQUEST');
  });
});
