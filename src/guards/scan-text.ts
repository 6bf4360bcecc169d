import { BulwarkError, type Finding, type Verdict } from '../core/index.js';
import { runGuards } from './pipeline.js';
import type { GuardSet } from './policies.js';
import type { Stage } from './types.js';
import { PseudonymVault } from './sensitive/vault.js';

/** The guard result of DESIGN.md, shared by POST /v1/guard/scan and `bulwark check`. */
export interface TextScanResult {
  schemaVersion: 1;
  verdict: Verdict;
  risk: number;
  /** The sanitized text (masked / pseudonymized), or the input when nothing changed. */
  text: string;
  findings: Finding[];
}

/** Runs one guard set over one text, as the gateway would for a prompt (input) or an answer (output). */
export async function scanText(set: GuardSet, text: string, stage: Stage, options: { timeoutMs: number; tenantId: string }): Promise<TextScanResult> {
  const guards = stage === 'input' ? set.input : set.output;
  const r = await runGuards(guards, text, { stage, source: stage === 'input' ? 'user' : 'assistant', tenantId: options.tenantId, vault: new PseudonymVault() }, { timeoutMs: options.timeoutMs });
  if (r.failedClosed) throw new BulwarkError('GUARD_FAILED', `Guard ${r.runs[r.runs.length - 1]?.id ?? ''} failed and is fail-closed.`);
  return { schemaVersion: 1, verdict: r.verdict, risk: r.risk, text: r.text, findings: r.findings };
}
