import type { EndpointKind, ParsedRequest, TextSegment } from './types.js';
import { invalid, isObject, optionalBoolean, optionalInt, requiredString } from './validate.js';

/** Message content: a string, or an array of parts of which `text` parts carry text. */
function contentSegments(msg: Record<string, unknown>, path: string, role: string, out: TextSegment[]): void {
  const content = msg.content;
  if (content === undefined || content === null) return;
  if (typeof content === 'string') {
    out.push({ source: role, text: content, set: (v) => void (msg.content = v) });
    return;
  }
  if (!Array.isArray(content)) invalid(`${path}.content`, 'a string or an array of content parts');
  content.forEach((part: unknown, j) => {
    if (!isObject(part)) invalid(`${path}.content[${j}]`, 'an object');
    const type = requiredString(part, 'type', `${path}.content[${j}].type`);
    if (type === 'text') {
      if (typeof part.text !== 'string') invalid(`${path}.content[${j}].text`, 'a string');
      out.push({ source: role, text: part.text, set: (v) => void (part.text = v) });
    }
  });
}

function toolCallSegments(msg: Record<string, unknown>, path: string, out: TextSegment[]): void {
  const calls = msg.tool_calls;
  if (calls === undefined || calls === null) return;
  if (!Array.isArray(calls)) invalid(`${path}.tool_calls`, 'an array');
  calls.forEach((call: unknown, j) => {
    if (!isObject(call)) invalid(`${path}.tool_calls[${j}]`, 'an object');
    const fn = call.function;
    if (isObject(fn) && typeof fn.arguments === 'string') out.push({ source: 'assistant', text: fn.arguments, set: (v) => void (fn.arguments = v) });
  });
}

function maxTokensAccessors(body: Record<string, unknown>, keys: readonly string[]): Pick<ParsedRequest, 'maxTokens' | 'setMaxTokens'> {
  keys.forEach((k) => {
    optionalInt(body, k);
  });
  return {
    // Servers differ in which of max_tokens / max_completion_tokens wins when both are sent (vLLM
    // and OpenAI honour max_completion_tokens), so the larger one is the bound that is checked.
    maxTokens: () => {
      let max: number | undefined;
      for (const k of keys) if (typeof body[k] === 'number' && (max === undefined || (body[k] as number) > max)) max = body[k] as number;
      return max;
    },
    setMaxTokens: (n) => {
      const present = keys.filter((k) => typeof body[k] === 'number');
      if (present.length === 0) body[keys[0]!] = n;
      else for (const k of present) if ((body[k] as number) > n) body[k] = n;
    },
  };
}

function stringOrStringArray(body: Record<string, unknown>, key: string, source: string, out: TextSegment[], allowTokens: boolean): number {
  const v = body[key];
  if (typeof v === 'string') {
    out.push({ source, text: v, set: (s) => void (body[key] = s) });
    return 1;
  }
  if (!Array.isArray(v)) invalid(key, allowTokens ? 'a string, an array of strings or an array of token ids' : 'a string or an array of strings');
  v.forEach((item: unknown, i) => {
    if (typeof item === 'string') out.push({ source, text: item, set: (s) => void (v[i] = s) });
    else if (allowTokens && (typeof item === 'number' || (Array.isArray(item) && item.every((t) => typeof t === 'number')))) {
      // Token-id inputs carry no text the guards can read; they still count as items.
    } else invalid(`${key}[${i}]`, allowTokens ? 'a string, a token id or an array of token ids' : 'a string');
  });
  return v.length;
}

/** Validates an OpenAI-format body for the endpoint kind and extracts what the gateway needs. */
export function parseOpenAiRequest(kind: EndpointKind, body: Record<string, unknown>): ParsedRequest {
  const model = requiredString(body, 'model');
  const stream = optionalBoolean(body, 'stream') ?? false;
  const segments: TextSegment[] = [];
  if (kind === 'chat') {
    const messages = body.messages;
    if (!Array.isArray(messages) || messages.length === 0) invalid('messages', 'a non-empty array');
    messages.forEach((msg: unknown, i) => {
      if (!isObject(msg)) invalid(`messages[${i}]`, 'an object');
      const role = requiredString(msg, 'role', `messages[${i}].role`);
      contentSegments(msg, `messages[${i}]`, role, segments);
      toolCallSegments(msg, `messages[${i}]`, segments);
    });
    return { body, model, otherModels: [], stream, segments, items: messages.length, generates: true, ...maxTokensAccessors(body, ['max_tokens', 'max_completion_tokens']) };
  }
  if (kind === 'completion') {
    const items = stringOrStringArray(body, 'prompt', 'prompt', segments, true);
    return { body, model, otherModels: [], stream, segments, items, generates: true, ...maxTokensAccessors(body, ['max_tokens']) };
  }
  // embeddings
  const items = stringOrStringArray(body, 'input', 'input', segments, true);
  return { body, model, otherModels: [], stream: false, segments, items, generates: false, maxTokens: () => undefined, setMaxTokens: () => undefined };
}
