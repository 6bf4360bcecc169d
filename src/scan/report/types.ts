import type { Severity } from '../../core/index.js';

/** Bumped when a field changes meaning or disappears; new optional fields keep the version. */
export const SCAN_REPORT_SCHEMA_VERSION = 1;

export type ScanKind = 'deps' | 'sbom' | 'model' | 'release' | 'exposure';

export const REPORT_FORMATS = ['table', 'json', 'sarif', 'markdown', 'junit', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ScanLocation {
  /** File path, relative to the scan root when there is one (forward slashes). */
  path?: string;
  /** 1-based line in `path`, when known. */
  line?: number;
  /** Network target "host:port" (exposure scanner). */
  target?: string;
  /** Where inside the file: a zip member, a pickle offset, a GGUF key, a dependency path. */
  detail?: string;
}

/**
 * One finding of any scanner. Messages name codes, packages, files and services; they never carry
 * a raw secret or personal value (a secret is named by its type and location, at most a short
 * fingerprint).
 */
export interface ScanFinding {
  /** Stable rule code, e.g. DEPS_VULNERABLE, MODEL_PICKLE_DANGEROUS_GLOBAL, EXPOSURE_NO_AUTH. */
  code: string;
  severity: Severity;
  /** One line. */
  title: string;
  /** Detail for people: what, why it matters, and how to fix. */
  message: string;
  /** What the finding is about: "lodash@4.17.20", "model.pt", "127.0.0.1:11434 ollama". Groups the table. */
  subject: string;
  location: ScanLocation;
  /** Advisory or external reference ids (GHSA-…, CVE-…, MAL-…). */
  references?: string[];
  /** URLs for people. */
  links?: string[];
  /** The fix, in one line, when there is one ("upgrade to 4.17.21"). */
  fix?: string;
  /** Set by the scanner's policy: does this finding break the red line (exit 1)? */
  failing: boolean;
  /** Scanner-specific data (cvss, epss, kev, version, auth …); kept in JSON and SARIF properties. */
  properties?: Record<string, unknown>;
}

/** A target that could not be scanned (unreadable file, malformed lockfile, unreachable host). */
export interface ScanError {
  target: string;
  /** A code from the error registry. */
  code: string;
  message: string;
}

export interface ScanReport {
  schema: 'bulwark.scan-report';
  schemaVersion: typeof SCAN_REPORT_SCHEMA_VERSION;
  kind: ScanKind;
  tool: { name: 'bulwark'; version: string };
  /** ISO timestamps from an injected clock (deterministic in tests). */
  startedAt: string;
  finishedAt: string;
  /** What the user asked to scan (paths, targets). */
  targets: string[];
  /** How many things were actually scanned (files, packages, host:ports). 0 → exit 3. */
  scanned: number;
  /** Counts of what was scanned, by unit ("lockfiles", "packages", "files", "ports"). */
  stats: Record<string, number>;
  findings: ScanFinding[];
  errors: ScanError[];
}

export interface SeverityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
}
