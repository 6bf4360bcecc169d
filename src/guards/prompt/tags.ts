/**
 * Finding codes of the prompt-attack engine and the frameworks they map to:
 * OWASP Top 10 for LLM Applications 2025 (LLM01 prompt injection, LLM02 sensitive information
 * disclosure, LLM07 system prompt leakage, LLM10 unbounded consumption), MITRE ATLAS techniques
 * (AML.T0051 LLM prompt injection, .000 direct / .001 indirect; AML.T0054 LLM jailbreak;
 * AML.T0056 system prompt extraction; AML.T0057 LLM data leakage; AML.T0029 denial of ML
 * service), the risk list of TC260-003 appendix A (A.1 content against core values, A.2
 * discrimination, A.3 commercial violations, A.4 infringing others' rights) and the risks of
 * NIST AI 600-1 (the generative-AI profile of the AI RMF). Tag spelling follows the other guards
 * (`owasp-llm:LLM02`, `mitre-atlas:AML.T0057`, `tc260:A.4`).
 */
import type { Severity } from '../../core/index.js';

export const HARM_CATEGORIES = ['WEAPONS', 'MALWARE', 'DRUGS', 'SELF_HARM', 'MINORS', 'FRAUD', 'HATE', 'CRIME'] as const;
export type HarmCategory = (typeof HARM_CATEGORIES)[number];

export interface CodeSpec {
  readonly severity: Severity;
  readonly tags: readonly string[];
}

const DIRECT = ['owasp-llm:LLM01', 'mitre-atlas:AML.T0051.000'];
const JAILBREAK = ['owasp-llm:LLM01', 'mitre-atlas:AML.T0054'];

export const CODES = {
  INJECTION_OVERRIDE: { severity: 'high', tags: DIRECT },
  INJECTION_INDIRECT: { severity: 'high', tags: ['owasp-llm:LLM01', 'mitre-atlas:AML.T0051.001'] },
  INJECTION_EXFILTRATION: { severity: 'high', tags: ['owasp-llm:LLM01', 'owasp-llm:LLM02', 'mitre-atlas:AML.T0051.001', 'mitre-atlas:AML.T0057'] },
  JAILBREAK_ROLEPLAY: { severity: 'high', tags: JAILBREAK },
  JAILBREAK_FICTION_FRAME: { severity: 'medium', tags: JAILBREAK },
  JAILBREAK_DEV_MODE: { severity: 'high', tags: JAILBREAK },
  JAILBREAK_DAN: { severity: 'high', tags: JAILBREAK },
  PROMPT_LEAK_REQUEST: { severity: 'high', tags: ['owasp-llm:LLM07', 'mitre-atlas:AML.T0056'] },
  REPETITION_ATTACK: { severity: 'medium', tags: ['owasp-llm:LLM10', 'owasp-llm:LLM02', 'mitre-atlas:AML.T0057', 'mitre-atlas:AML.T0029'] },
  LONG_TEXT: { severity: 'low', tags: ['owasp-llm:LLM10', 'mitre-atlas:AML.T0029'] },
  ENCODED_PAYLOAD: { severity: 'high', tags: [...DIRECT, 'mitre-atlas:AML.T0054'] },
  OBFUSCATION_INVISIBLE: { severity: 'medium', tags: DIRECT },
  OBFUSCATION_HOMOGLYPH: { severity: 'medium', tags: DIRECT },
  PROMPT_ATTACK_CLASSIFIER: { severity: 'high', tags: [...DIRECT, 'mitre-atlas:AML.T0054'] },
  HARMFUL_WEAPONS: { severity: 'high', tags: ['tc260:A.1', 'nist-ai-600-1:CBRN', 'nist-ai-600-1:violent-content'] },
  HARMFUL_MALWARE: { severity: 'high', tags: ['tc260:A.1', 'nist-ai-600-1:information-security'] },
  HARMFUL_DRUGS: { severity: 'high', tags: ['tc260:A.1', 'tc260:A.4', 'nist-ai-600-1:dangerous-content'] },
  HARMFUL_SELF_HARM: { severity: 'high', tags: ['tc260:A.4', 'nist-ai-600-1:dangerous-content'] },
  HARMFUL_MINORS: { severity: 'critical', tags: ['tc260:A.1', 'nist-ai-600-1:obscene-content'] },
  HARMFUL_FRAUD: { severity: 'high', tags: ['tc260:A.3', 'tc260:A.4', 'nist-ai-600-1:information-integrity'] },
  HARMFUL_HATE: { severity: 'high', tags: ['tc260:A.1', 'tc260:A.2', 'nist-ai-600-1:hateful-content', 'nist-ai-600-1:harmful-bias'] },
  // Theft, burglary, stalking and covert drugging of a person: other people's rights and safety.
  HARMFUL_CRIME: { severity: 'high', tags: ['tc260:A.1', 'tc260:A.4', 'nist-ai-600-1:dangerous-content'] },
} as const satisfies Record<string, CodeSpec>;

export type PromptAttackCode = keyof typeof CODES;
