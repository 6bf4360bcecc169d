import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { StreamGuard } from '../guards/index.js';
import { answerTexts } from '../audit/record.js';
import { assembledAnswer, createFrameRewriter, createStreamRelay, lastFrameEnd } from './stream-relay.js';

describe('lastFrameEnd', () => {
  it.each([
    ['data: a\n\ndata: b', 'sse', 'data: a\n\n'.length],
    ['data: a\r\n\r\ndata: b\r\n\r\n', 'sse', 'data: a\r\n\r\ndata: b\r\n\r\n'.length],
    ['data: partial', 'sse', -1],
    ['{"a":1}\n{"b"', 'ndjson', '{"a":1}\n'.length],
    ['{"a":1}', 'ndjson', -1],
  ] as const)('%j (%s) → %d', (text, framing, end) => {
    expect(lastFrameEnd(Buffer.from(text), framing)).toBe(end);
  });
});

/** Uppercases text and holds back a trailing "<..." until it closes, like a placeholder restorer. */
function holdingGuard(): StreamGuard {
  let held = '';
  return {
    push(delta) {
      const text = held + delta;
      const open = text.lastIndexOf('<');
      if (open >= 0 && !text.slice(open).includes('>')) {
        held = text.slice(open);
        return { text: text.slice(0, open).toUpperCase(), verdict: 'allow', findings: [] };
      }
      held = '';
      return { text: text.toUpperCase(), verdict: 'allow', findings: [] };
    },
    end() {
      const t = held;
      held = '';
      return { text: t.toUpperCase(), verdict: 'allow', findings: [] };
    },
  };
}

const sse = (content: string, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;

describe('createFrameRewriter', () => {
  const contents = (out: string): string[] => [...out.matchAll(/^data: (\{.*\})$/gm)].map((m) => (JSON.parse(m[1]!) as { choices: { delta: { content: string } }[] }).choices[0]!.delta.content);

  it('rewrites SSE deltas, carries held text to the final chunk and passes [DONE]', () => {
    const rw = createFrameRewriter('sse', 'openai-chat', holdingGuard);
    const a = rw.rewrite(sse('hello <PER') + sse('SON_1> and <X'));
    const b = rw.rewrite(sse('', 'stop') + 'data: [DONE]\n\n');
    // One chunk's text for a choice goes in its first frame; what clients read is the concatenation.
    expect(contents(a.out)).toEqual(['HELLO <PERSON_1> AND ', '']);
    expect(contents(b.out)).toEqual(['<X']);
    expect(b.out.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(rw.releasedChars()).toBe('HELLO <PERSON_1> AND <X'.length);
  });

  it('feeds the chain once per chunk and choice, and sends unchanged frames as they came', () => {
    const pushed: string[] = [];
    const counting = (): StreamGuard => ({
      push: (d) => (pushed.push(d), { text: d, verdict: 'allow', findings: [] }),
      end: () => ({ text: '', verdict: 'allow', findings: [] }),
    });
    const rw = createFrameRewriter('sse', 'openai-chat', counting);
    const chunk = `${sse('one ')}event: x\r\n${sse('two ').replace('\n\n', '\r\n\r\n')}${sse('three')}`;
    const r = rw.rewrite(chunk);
    expect(pushed).toEqual(['one two three']);
    expect(r.out).toBe(chunk);
    expect(rw.releasedChars()).toBe('one two three'.length);
  });

  it('writes changed text into a first frame that had none (a role-only delta)', () => {
    const rw = createFrameRewriter('sse', 'openai-chat', holdingGuard);
    const role = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] })}\n\n`;
    const r = rw.rewrite(role + sse('abc'));
    const frames = [...r.out.matchAll(/^data: (\{.*\})$/gm)].map((m) => (JSON.parse(m[1]!) as { choices: { delta: { role?: string; content?: string } }[] }).choices[0]!.delta);
    expect(frames).toEqual([{ role: 'assistant', content: 'ABC' }, { content: '' }]);
  });

  it('reads token frames through the stream\'s template exactly as a parser would', () => {
    const seen: string[] = [];
    const upper = (): StreamGuard => ({
      push: (d) => (seen.push(d), { text: d.toUpperCase(), verdict: 'allow', findings: [] }),
      end: () => ({ text: '', verdict: 'allow', findings: [] }),
    });
    const rw = createFrameRewriter('sse', 'openai-chat', upper);
    const frame = (content: string): string => `data: {"id":"c1","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"finish_reason":null}]}\n\n`;
    // Plain, escaped, quote and unicode texts; a frame whose text is not one literal falls back to the parser.
    const texts = ['one ', 'two "q" ', 'tab\there ', 'é😀 ', '\\back '];
    const chunk = texts.map(frame).join('') + 'data: {"id":"c1","choices":[{"index":0,"delta":{"content":"x","content":"y"},"finish_reason":null}]}\n\n';
    const r = rw.rewrite(chunk);
    expect(seen).toEqual([`${texts.join('')}y`]);
    const out = [...r.out.matchAll(/^data: (\{.*\})$/gm)].map((m) => (JSON.parse(m[1]!) as { choices: { delta: { content: string } }[] }).choices[0]!.delta.content);
    expect(out.join('')).toBe(`${texts.join('')}y`.toUpperCase());
    // The output frames are valid JSON with the template's other fields intact.
    for (const m of r.out.matchAll(/^data: (\{.*\})$/gm)) expect((JSON.parse(m[1]!) as { id: string }).id).toBe('c1');
  });

  it('never takes a frame that breaks out of the text literal for a template match', () => {
    const seen: string[] = [];
    const rw = createFrameRewriter('sse', 'openai-chat', () => ({
      push: (d) => (seen.push(d), { text: d, verdict: 'allow', findings: [] }),
      end: () => ({ text: '', verdict: 'allow', findings: [] }),
    }));
    const prefix = '{"id":"c1","choices":[{"index":0,"delta":{"content":';
    const suffix = '},"finish_reason":null}]}';
    const hostile = ['"a","content":"b"', '"a"},"x":{"content":"b"', '"unterminated', '"\\u12"', '"ctl\\u0001"'];
    const chunk = [`data: ${prefix}"learn"${suffix}\n\n`, ...hostile.map((h) => `data: ${prefix}${h}${suffix}\n\n`)].join('');
    rw.rewrite(chunk);
    // What a parser reads from each: "learn"; "b" (the last duplicate wins); "a" (the other "content" is
    // another object's); nothing from the two invalid frames; "ctl" and a control character.
    expect(seen).toEqual(['learnbactl\u0001']);
  });

  it('keeps each choice of an n>1 stream on its own chain', () => {
    const rw = createFrameRewriter('sse', 'openai-chat', holdingGuard);
    const two = (a: string, b: string): string => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: a }, finish_reason: null }, { index: 1, delta: { content: b }, finish_reason: null }] })}\n\n`;
    const r = rw.rewrite(two('x <A', 'y') + two('B_1>', ' <C'));
    const frames = [...r.out.matchAll(/^data: (\{.*\})$/gm)].map((m) => (JSON.parse(m[1]!) as { choices: { delta: { content: string } }[] }).choices.map((c) => c.delta.content));
    expect(frames).toEqual([['X <AB_1>', 'Y '], ['', '']]);
  });

  it('rewrites Ollama NDJSON and flushes on done:true', () => {
    const rw = createFrameRewriter('ndjson', 'ollama', holdingGuard);
    const line = (content: string, done: boolean): string => `${JSON.stringify({ model: 'm', message: { role: 'assistant', content }, done })}\n`;
    const read = (out: string): string[] => out.trim().split('\n').map((l) => (JSON.parse(l) as { message: { content: string } }).message.content);
    expect(read(rw.rewrite(line('a <b', false)).out)).toEqual(['A ']);
    expect(read(rw.rewrite(line('', true)).out)).toEqual(['<B']);
  });

  it('withholds a chunk whose text is blocked, and everything after it', () => {
    const blocking = (): StreamGuard => ({
      push: (d) => (d.includes('bad') ? { text: '', verdict: 'block', findings: [{ code: 'X', guard: 't', severity: 'high', start: 0, end: 3, confidence: 1, tags: [] }] } : { text: d, verdict: 'allow', findings: [] }),
      end: () => ({ text: '', verdict: 'allow', findings: [] }),
    });
    const rw = createFrameRewriter('sse', 'openai-chat', blocking);
    const first = rw.rewrite(sse('fine '));
    expect(first.out).toContain('fine ');
    const r = rw.rewrite(sse('still fine ') + sse('bad') + sse('never'));
    expect(r.verdict).toBe('block');
    expect(r.out).toBe('');
    expect(r.findings.map((f) => f.code)).toEqual(['X']);
  });

  it('passes frames it cannot parse untouched', () => {
    const rw = createFrameRewriter('sse', 'openai-chat', holdingGuard);
    expect(rw.rewrite(': keep-alive\n\ndata: not json\n\n').out).toBe(': keep-alive\n\ndata: not json\n\n');
  });
});

describe('createStreamRelay', () => {
  /** Runs `body` against a real ServerResponse on loopback; returns what the client read and the writes made. */
  async function withResponse(body: (res: ServerResponse) => Promise<void> | void): Promise<{ received: string; writes: string[] }> {
    const writes: string[] = [];
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const write = res.write.bind(res) as (chunk: string | Buffer) => boolean;
      res.write = ((chunk: string | Buffer) => {
        writes.push(chunk.toString());
        return write(chunk);
      }) as typeof res.write;
      void Promise.resolve(body(res)).then(() => res.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const r = await fetch(`http://127.0.0.1:${port}/`);
      return { received: await r.text(), writes };
    } finally {
      server.close();
    }
  }

  it('sends the chunks of one read as one write, a microtask later, cut at a frame boundary', async () => {
    const signals: string[] = [];
    const { received, writes } = await withResponse(async (res) => {
      const relay = createStreamRelay(res, 'sse', undefined, (s) => signals.push(s));
      expect(relay.push(Buffer.from(sse('a')))).toBe('more');
      relay.push(Buffer.from(sse('b')));
      relay.push(Buffer.from(sse('c').slice(0, 10)));
      expect(relay.bytes).toBe(0);
      await Promise.resolve();
      expect(relay.bytes).toBe(sse('a').length + sse('b').length);
      relay.push(Buffer.from(sse('c').slice(10)));
      relay.push(Buffer.from('data: [DONE]'));
      // end() sends what is pending at once, and the unterminated last frame with its terminator.
      expect(relay.end()).toBe('more');
    });
    expect(writes).toEqual([sse('a') + sse('b'), sse('c'), 'data: [DONE]\n\n']);
    expect(received).toBe(sse('a') + sse('b') + sse('c') + 'data: [DONE]\n\n');
    expect(signals).toEqual([]);
  });

  it('keeps the batch of the read that ended the answer for the caller to send with the end', async () => {
    let ended = false;
    let held: Buffer | undefined;
    const { received, writes } = await withResponse(async (res) => {
      const relay = createStreamRelay(res, 'sse', undefined, () => undefined, () => ended);
      relay.push(Buffer.from(sse('a')));
      await Promise.resolve();
      // The last read: its frames and the end of the answer arrive together.
      relay.push(Buffer.from(sse('b')));
      relay.push(Buffer.from('data: [DONE]'));
      ended = true;
      await Promise.resolve();
      expect(relay.bytes).toBe(sse('a').length);
      relay.hold();
      expect(relay.end()).toBe('more');
      held = relay.takeHeld();
      expect(relay.takeHeld()).toBeUndefined();
      res.write(held!);
    });
    expect(held?.toString()).toBe(sse('b') + 'data: [DONE]\n\n');
    // One write by the relay (the first read); the rest went out in the caller's single write.
    expect(writes).toEqual([sse('a'), sse('b') + 'data: [DONE]\n\n']);
    expect(received).toBe(sse('a') + sse('b') + 'data: [DONE]\n\n');
  });

  it('feeds the output guards once per batch and reports a block from a later batch to onSignal', async () => {
    const seen: string[] = [];
    const blocker: StreamGuard = {
      push(delta) {
        seen.push(delta);
        return delta.includes('bad')
          ? { text: '', verdict: 'block', findings: [{ code: 'TEST_BAD', guard: 'blocker', severity: 'high', start: 0, end: 3, confidence: 1, tags: [] }] }
          : { text: delta, verdict: 'allow', findings: [] };
      },
      end: () => ({ text: '', verdict: 'allow', findings: [] }),
    };
    const signals: string[] = [];
    const { received } = await withResponse(async (res) => {
      const relay = createStreamRelay(res, 'sse', createFrameRewriter('sse', 'openai-chat', () => blocker), (s) => signals.push(s));
      relay.push(Buffer.from(sse('one ')));
      relay.push(Buffer.from(sse('two ')));
      await Promise.resolve();
      relay.push(Buffer.from(sse('bad')));
      await Promise.resolve();
      expect(relay.push(Buffer.from(sse('after')))).toBe('blocked');
      expect(relay.blockedBy?.map((f) => f.code)).toEqual(['TEST_BAD']);
    });
    expect(seen).toEqual(['one two ', 'bad']);
    expect(signals).toEqual(['blocked']);
    expect(received).toBe(sse('one ') + sse('two '));
  });
});

describe('assembledAnswer (what the audit trail keeps of a guarded stream)', () => {
  /** A chain that changes nothing: the frames go out as they came. */
  const passing = (): StreamGuard => ({ push: (d) => ({ text: d, verdict: 'allow', findings: [] }), end: () => ({ text: '', verdict: 'allow', findings: [] }) });
  const chat = (index: number, content: string, finish: string | null = null): string =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', choices: [{ index, delta: { content }, finish_reason: finish }] })}\n\n`;

  it.each([
    ['openai-chat', 'sse', 'openai:chat', chat(0, 'Hel') + chat(1, 'Bon') + chat(0, 'lo') + chat(1, 'jour', 'stop') + 'data: [DONE]\n\n', ['Hello', 'Bonjour']],
    ['openai-completion', 'sse', 'openai:completion', `data: ${JSON.stringify({ choices: [{ index: 0, text: '你好', finish_reason: null }] })}\n\ndata: ${JSON.stringify({ choices: [{ index: 0, text: '世界', finish_reason: 'stop' }] })}\n\n`, ['你好世界']],
    ['ollama', 'ndjson', 'ollama:chat', `${JSON.stringify({ message: { role: 'assistant', content: 'a "quoted"' }, done: false })}\n${JSON.stringify({ message: { role: 'assistant', content: ' line\n' }, done: true })}\n`, ['a "quoted" line\n']],
  ] as const)('%s: the reader gets the same text per choice as from the frames', (format, framing, wire, frames, texts) => {
    const r = createFrameRewriter(framing, format, passing, { keepChars: 1000 });
    // Fed in two batches cut at a frame boundary, as reads arrive.
    const bytes = Buffer.from(frames);
    const cut = lastFrameEnd(bytes.subarray(0, bytes.length - 1), framing);
    expect(cut).toBeGreaterThan(0);
    for (const batch of [bytes.subarray(0, cut).toString(), bytes.subarray(cut).toString()]) expect(r.rewrite(batch).out).toBe(batch);
    expect(answerTexts(wire, undefined, assembledAnswer(format, r))).toEqual(texts);
    expect(answerTexts(wire, framing, Buffer.from(frames))).toEqual(texts);
  });

  it('keeps at most keepChars of text, says so, and ignores absurd choice indexes', () => {
    const r = createFrameRewriter('sse', 'openai-chat', passing, { keepChars: 8 });
    r.rewrite(chat(0, 'abcdef') + chat(5_000_000, 'x') + chat(0, 'ghijkl'));
    const body = JSON.parse(assembledAnswer('openai-chat', r).toString()) as { choices: { message: { content: string } }[]; truncated?: boolean };
    expect(body.choices.map((c) => c.message.content)).toEqual(['abcdefgh']);
    expect(body.truncated).toBe(true);
    expect(r.releasedChars()).toBe(13);
  });
});
