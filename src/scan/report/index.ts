export { SCAN_REPORT_SCHEMA_VERSION, REPORT_FORMATS } from './types.js';
export type { ScanKind, ReportFormat, ScanLocation, ScanFinding, ScanError, ScanReport, SeverityCounts } from './types.js';
export { renderReport, toSarif, sortFindings, countBySeverity, severityRank, isSeverity, locationText, printable, xmlEscape, SEVERITIES } from './render.js';
export type { RenderOptions } from './render.js';
export { createProgress } from './progress.js';
export type { Progress, ProgressOptions } from './progress.js';
