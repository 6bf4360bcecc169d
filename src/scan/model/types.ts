import type { Severity } from '../../core/index.js';

/** One problem found in a model file. Messages name formats, globals and keys, never tensor data. */
export interface ModelFinding {
  /** Stable rule code, e.g. MODEL_PICKLE_DANGEROUS_GLOBAL. */
  code: string;
  severity: Severity;
  title: string;
  message: string;
  /** Where inside the file: pickle offset, zip member, GGUF key, tensor name. */
  detail?: string;
  references?: string[];
}

/** Synchronous random access to a file's bytes; the caller owns the I/O (fs, a buffer in tests). */
export interface ByteReader {
  readonly size: number;
  /** Up to `length` bytes at `offset` (fewer only at the end of the file). */
  read(offset: number, length: number): Uint8Array;
}

/** A parser's clear refusal: the file is not what its format says (truncated, inconsistent, hostile). */
export class ModelFormatError extends Error {
  readonly offset: number | undefined;
  constructor(message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
    this.name = 'ModelFormatError';
    this.offset = offset;
  }
}

export function bufferReader(bytes: Uint8Array): ByteReader {
  return {
    size: bytes.length,
    read(offset, length) {
      if (offset >= bytes.length || length <= 0) return new Uint8Array(0);
      return bytes.subarray(offset, Math.min(bytes.length, offset + length));
    },
  };
}

/** Text safe to put in a message: control characters replaced, length capped. */
export function shown(text: string, max = 120): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
