export { scanRelease } from './scan.js';
export type { ReleaseScanInput, ReleaseScanResult, ReleaseFinding } from './scan.js';
export { createInternalMatcher, isPrivateIpv4 } from './internal.js';
export type { InternalMatcher, InternalMatch } from './internal.js';
export { classifyPath, isBinary } from './paths.js';
export type { PathKind } from './paths.js';
export { scanReleaseText, sampleWindows } from './text.js';
export type { TextHit } from './text.js';
