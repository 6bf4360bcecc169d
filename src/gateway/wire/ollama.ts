import type { EndpointKind, ParsedRequest, TextSegment } from './types.js';
import { invalid, isObject, optionalBoolean, optionalInt, optionalString, requiredString } from './validate.js';

/** Ollama names the model `model`, older clients `name`; admin calls accept either. */
function modelName(body: Record<string, unknown>): string {
  const model = optionalString(body, 'model');
  if (model !== undefined && model !== '') return model;
  const name = optionalString(body, 'name');
  if (name !== undefined && name !== '') return name;
  return invalid('model', 'a non-empty string');
}

function numPredictAccessors(body: Record<string, unknown>): Pick<ParsedRequest, 'maxTokens' | 'setMaxTokens'> {
  const options = body.options;
  if (options !== undefined && options !== null && !isObject(options)) invalid('options', 'an object');
  if (isObject(options)) optionalInt(options, 'num_predict', 'options.num_predict');
  return {
    maxTokens: () => {
      const o = body.options;
      if (!isObject(o) || typeof o.num_predict !== 'number') return undefined;
      // -1 (until stop) and -2 (fill the context) are unbounded: treat as no bound.
      return o.num_predict < 0 ? undefined : o.num_predict;
    },
    setMaxTokens: (n) => {
      const o = isObject(body.options) ? body.options : (body.options = {});
      (o as Record<string, unknown>).num_predict = n;
    },
  };
}

const noTokens: Pick<ParsedRequest, 'maxTokens' | 'setMaxTokens'> = { maxTokens: () => undefined, setMaxTokens: () => undefined };

function stringField(body: Record<string, unknown>, key: string, source: string, out: TextSegment[]): void {
  const v = optionalString(body, key);
  if (v !== undefined) out.push({ source, text: v, set: (s) => void (body[key] = s) });
}

/** Validates an Ollama-format body for the endpoint kind and extracts what the gateway needs. */
export function parseOllamaRequest(kind: EndpointKind, body: Record<string, unknown>, adminPath?: string): ParsedRequest {
  const segments: TextSegment[] = [];
  // Ollama streams unless told not to.
  const stream = optionalBoolean(body, 'stream') ?? true;
  const base = { body, otherModels: [] as string[], segments };
  switch (kind) {
    case 'chat': {
      const model = modelName(body);
      const messages = body.messages ?? [];
      if (!Array.isArray(messages)) invalid('messages', 'an array');
      messages.forEach((msg: unknown, i) => {
        if (!isObject(msg)) invalid(`messages[${i}]`, 'an object');
        const role = requiredString(msg, 'role', `messages[${i}].role`);
        const content = msg.content;
        if (content !== undefined && content !== null && typeof content !== 'string') invalid(`messages[${i}].content`, 'a string');
        if (typeof content === 'string') segments.push({ source: role, text: content, set: (v) => void (msg.content = v) });
      });
      return { ...base, model, stream, items: messages.length, generates: true, ...numPredictAccessors(body) };
    }
    case 'completion': {
      const model = modelName(body);
      stringField(body, 'system', 'system', segments);
      stringField(body, 'prompt', 'prompt', segments);
      stringField(body, 'suffix', 'prompt', segments);
      return { ...base, model, stream, items: 1, generates: true, ...numPredictAccessors(body) };
    }
    case 'embeddings': {
      const model = modelName(body);
      let items = 1;
      if ('input' in body) {
        const input = body.input;
        if (typeof input === 'string') segments.push({ source: 'input', text: input, set: (v) => void (body.input = v) });
        else if (Array.isArray(input)) {
          input.forEach((item: unknown, i) => {
            if (typeof item !== 'string') invalid(`input[${i}]`, 'a string');
            segments.push({ source: 'input', text: item, set: (v) => void (input[i] = v) });
          });
          items = input.length;
        } else invalid('input', 'a string or an array of strings');
      } else stringField(body, 'prompt', 'input', segments);
      return { ...base, model, stream: false, items, generates: false, ...noTokens };
    }
    case 'show':
      return { ...base, model: modelName(body), stream: false, items: 0, generates: false, ...noTokens };
    case 'admin': {
      if (adminPath === '/api/copy') {
        const source = requiredString(body, 'source');
        const destination = requiredString(body, 'destination');
        return { ...base, model: source, otherModels: [destination], stream: false, items: 0, generates: false, ...noTokens };
      }
      return { ...base, model: modelName(body), stream, items: 0, generates: false, ...noTokens };
    }
    default:
      return { ...base, model: undefined, stream: false, items: 0, generates: false, ...noTokens };
  }
}
