export { canaryFromBytes, withCanary, indexOfCanary } from './canary.js';
export { indexSystemPrompt, findVerbatimSpan } from './verbatim.js';
export type { VerbatimIndex, VerbatimMatcher, VerbatimSpan } from './verbatim.js';
export { createPromptLeakGuard, promptLeakGuardFactory, promptLeakOptionsSchema, PROMPT_LEAK_GUARD_ID } from './leak-guard.js';
export type { PromptLeakOptions } from './leak-guard.js';
export { detectRefusal, REFUSAL_HEAD_CHARS } from './refusal.js';
export type { RefusalResult } from './refusal.js';
export { createRefusalGuard, refusalGuardFactory, refusalOptionsSchema, REFUSAL_GUARD_ID } from './refusal-guard.js';
export type { RefusalOptions } from './refusal-guard.js';
