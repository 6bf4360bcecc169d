import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { BulwarkError } from '../../core/index.js';

/** No lockfile, SBOM or advisory nests anywhere near this deep. */
export const MAX_NESTING = 256;

/**
 * Bracket depth of a JSON/YAML/TOML text, outside quoted strings, in one linear pass. Run before
 * any parser so a document nested a million deep is refused instead of exhausting the stack of a
 * recursive parser or of the code that walks its result.
 */
export function nestingDepth(text: string, quotes: '"' | `"'` = '"'): number {
  let depth = 0;
  let max = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== '') {
      if (c === 92 /* \ */ && quote === '"') i++;
      else if (text[i] === quote) quote = '';
      continue;
    }
    if (c === 34 || (c === 39 && quotes.length === 2)) quote = text[i]!;
    else if (c === 91 || c === 123) {
      if (++depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

function guardDepth(text: string, what: string, quotes: '"' | `"'`): void {
  if (nestingDepth(text, quotes) > MAX_NESTING) throw new BulwarkError('DEPS_JSON_TOO_DEEP', `${what}: nested deeper than ${MAX_NESTING} levels`);
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0]!.slice(0, 200);
}

export function parseJsonText(text: string, what: string): unknown {
  guardDepth(text, what, '"');
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    throw new BulwarkError('DEPS_LOCKFILE_INVALID', `${what}: not valid JSON (${firstLine(err)})`);
  }
}

/**
 * JSON with comments and trailing commas (bun.lock is JSONC): comments and trailing commas
 * outside strings are removed, then the text is parsed as JSON.
 */
export function parseJsoncText(text: string, what: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      if (text[j] !== '}' && text[j] !== ']') out += c;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return parseJsonText(out, what);
}

export function parseYamlText(text: string, what: string): unknown {
  guardDepth(text, what, `"'`);
  try {
    return parseYaml(text, { maxAliasCount: 100, uniqueKeys: false });
  } catch (err) {
    throw new BulwarkError('DEPS_LOCKFILE_INVALID', `${what}: not valid YAML (${firstLine(err)})`);
  }
}

export function parseTomlText(text: string, what: string): Record<string, unknown> {
  guardDepth(text, what, `"'`);
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (err) {
    throw new BulwarkError('DEPS_LOCKFILE_INVALID', `${what}: not valid TOML (${firstLine(err)})`);
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function invalid(what: string, detail: string): BulwarkError {
  return new BulwarkError('DEPS_LOCKFILE_INVALID', `${what}: ${detail}`);
}
