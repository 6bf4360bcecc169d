/** A piece of request text the limits and guards look at, with a way to write it back. */
export interface TextSegment {
  /** Chat role of the message it came from ('user', 'system', 'tool', ...) or 'prompt' / 'input'. */
  source: string;
  text: string;
  set(value: string): void;
}

export type EndpointKind =
  | 'chat'
  | 'completion'
  | 'embeddings'
  | 'models'
  | 'model'
  | 'tags'
  | 'show'
  | 'version'
  | 'ps'
  | 'admin'
  | 'guard-scan'
  | 'audit-records';

/** A validated request body, ready for limits, guards and the upstream. */
export interface ParsedRequest {
  body: Record<string, unknown>;
  model: string | undefined;
  /** Model names an admin call touches besides `model` (the copy destination). */
  otherModels: string[];
  stream: boolean;
  segments: TextSegment[];
  /** Messages or inputs counted against limits.maxMessages. */
  items: number;
  maxTokens(): number | undefined;
  setMaxTokens(n: number): void;
  /** Whether the body may carry an output-token bound at all (embeddings do not). */
  generates: boolean;
}
