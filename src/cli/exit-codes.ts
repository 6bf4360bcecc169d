/** The exit codes of every command, decided here and nowhere else (DESIGN.md, "The command line"). */
export const EXIT = {
  /** clean / allowed */
  OK: 0,
  /** findings over the policy, or flagged / blocked text */
  FINDINGS: 1,
  /** usage or runtime error */
  ERROR: 2,
  /** nothing to scan */
  NOTHING: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A scanner's report → exit code: nothing scanned 3, a finding over the policy 1, else 0. */
export function scanExitCode(report: { scanned: number; findings: readonly { failing: boolean }[] }): ExitCode {
  if (report.findings.some((f) => f.failing)) return EXIT.FINDINGS;
  if (report.scanned === 0) return EXIT.NOTHING;
  return EXIT.OK;
}
