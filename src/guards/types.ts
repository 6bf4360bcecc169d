import type { Finding, Verdict } from '../core/index.js';
import type { PseudonymVault } from './sensitive/vault.js';

export type Stage = 'input' | 'output';
export type FailMode = 'open' | 'closed';

/** What the pipeline tells a guard about the text; guards do no I/O of their own. */
export interface GuardContext {
  stage: Stage;
  /** Who wrote the text: a chat role ('user', 'system', 'tool', 'assistant') or 'prompt'. */
  source: string;
  tenantId: string;
  /** The request's own pseudonym vault; never shared between requests or tenants. */
  vault?: PseudonymVault;
  /** Request-scoped facts output guards compare the answer with (set by the gateway on the output stage). */
  request?: RequestFacts;
}

/** What the model was told in this request, for system-prompt leakage checks (OWASP LLM07). */
export interface RequestFacts {
  /** The system prompt(s) as sent upstream, without the canary line. */
  systemPrompt?: string;
  /** The per-request random canary placed in the system prompt, when a guard asked for one. */
  canary?: string;
}

export interface GuardResult {
  verdict: Verdict;
  risk: number;
  /** The sanitized text when the verdict is redact; otherwise the input text. */
  text: string;
  findings: Finding[];
}

/** One step of a streamed output guard: text now safe to release, and what was found so far. */
export interface StreamStep {
  text: string;
  verdict: Verdict;
  findings: Finding[];
}

/**
 * A guard on a streamed answer. It may hold text back (for example a placeholder split across
 * chunks) but must release everything on end(); the pipeline bounds the hold-back.
 */
export interface StreamGuard {
  push(delta: string): StreamStep;
  end(): StreamStep;
}

export interface Guard {
  readonly id: string;
  readonly stages: readonly Stage[];
  readonly failMode: FailMode;
  scan(text: string, ctx: GuardContext): GuardResult | Promise<GuardResult>;
  /** Optional stream-aware form; guards without it are run on windows of the streamed text. */
  openStream?(ctx: GuardContext): StreamGuard;
  /** Asks the gateway to place a per-request random canary in the system prompt (output guards). */
  readonly wantsCanary?: boolean;
}

export interface GuardFactory {
  readonly id: string;
  readonly description: string;
  readonly defaultStages: readonly Stage[];
  readonly defaultFailMode: FailMode;
  /** Part of the default set that runs when the config names no guards. */
  readonly enabledByDefault: boolean;
  create(options: Record<string, unknown>, stages: readonly Stage[], failMode: FailMode): Guard;
}
