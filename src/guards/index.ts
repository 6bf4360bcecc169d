export type { Guard, GuardContext, GuardFactory, GuardResult, StreamGuard, StreamStep, Stage, FailMode } from './types.js';
export { createGuardRegistry, instantiateGuards, BUILTIN_GUARDS } from './registry.js';
export type { GuardRegistry, GuardSelection } from './registry.js';
export { runGuards, openOutputStream } from './pipeline.js';
export type { GuardRun, PipelineResult, PipelineOptions, OutputStreamOptions } from './pipeline.js';
