/** The shapes shared by every guard and scanner (see DESIGN.md "Guards"). */

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export type Verdict = 'allow' | 'flag' | 'redact' | 'block';

export interface Finding {
  /** Stable code, e.g. PII_CN_ID_CARD, INJECTION_OVERRIDE. */
  code: string;
  /** Id of the guard that produced it. */
  guard: string;
  severity: Severity;
  /** Span in UTF-16 code units of the text the guard was given. */
  start: number;
  end: number;
  confidence: number;
  /** OWASP LLM Top 10 / MITRE ATLAS / TC260-003 tags. */
  tags: string[];
}

const VERDICT_ORDER: Record<Verdict, number> = { allow: 0, flag: 1, redact: 2, block: 3 };

export function strongerVerdict(a: Verdict, b: Verdict): Verdict {
  return VERDICT_ORDER[a] >= VERDICT_ORDER[b] ? a : b;
}
