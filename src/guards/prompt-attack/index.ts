export { createPromptAttackGuard, promptAttackGuardFactory, promptAttackOptionsSchema, PROMPT_ATTACK_GUARD_ID } from './guard.js';
export type { PromptAttackDetect, PromptAttackOptions } from './guard.js';
