import type { Severity } from '../../core/index.js';
import { SCAN_REPORT_SCHEMA_VERSION, type ReportFormat, type ScanFinding, type ScanReport, type SeverityCounts } from './types.js';

const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

export function isSeverity(value: string): value is Severity {
  return Object.hasOwn(SEVERITY_RANK, value);
}

export function countBySeverity(findings: readonly ScanFinding[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** Findings in a stable order: severity (worst first), subject, code, location. */
export function sortFindings(findings: readonly ScanFinding[]): ScanFinding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      cmp(a.subject, b.subject) ||
      cmp(a.code, b.code) ||
      cmp(locationText(a), locationText(b)),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function locationText(f: ScanFinding): string {
  const l = f.location;
  const where = l.path !== undefined ? (l.line !== undefined ? `${l.path}:${l.line}` : l.path) : (l.target ?? '');
  if (l.detail === undefined || l.detail === '') return where;
  // Details often start with the path itself ("model.pt @28", "model.pt:archive/data.pkl @40").
  const detail = where !== '' && l.detail.startsWith(`${where} `) ? l.detail.slice(where.length + 1) : l.detail;
  return where === '' ? detail : `${where} (${detail})`;
}

export interface RenderOptions {
  /** ANSI colour in the table (only when the output is a TTY and NO_COLOR is unset). */
  color?: boolean;
}

export function renderReport(report: ScanReport, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ ...report, findings: sortFindings(report.findings), summary: countBySeverity(report.findings) }, null, 2)}\n`;
    case 'table':
      return renderTable(report, options.color === true);
    case 'markdown':
      return renderMarkdown(report);
    case 'sarif':
      return `${JSON.stringify(toSarif(report), null, 2)}\n`;
    case 'junit':
      return renderJunit(report);
    case 'html':
      return renderHtml(report);
  }
}

// ---------------------------------------------------------------- table

const ANSI: Record<Severity, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m', info: '\x1b[2m' };
const RESET = '\x1b[0m';

/** Control characters from scanned content must never reach a terminal (escape-sequence injection). */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function renderTable(report: ScanReport, color: boolean): string {
  const paint = (s: Severity, text: string) => (color ? `${ANSI[s]}${text}${RESET}` : text);
  const lines: string[] = [];
  const groups = new Map<string, ScanFinding[]>();
  for (const f of sortFindings(report.findings)) {
    const g = groups.get(f.subject);
    if (g) g.push(f);
    else groups.set(f.subject, [f]);
  }
  for (const [subject, findings] of groups) {
    lines.push(printable(subject));
    for (const f of findings) {
      const refs = f.references && f.references.length > 0 ? ` [${f.references.join(', ')}]` : '';
      lines.push(`  ${paint(f.severity, f.severity.toUpperCase().padEnd(8))} ${f.code}${refs}  ${printable(f.title)}${f.failing ? '' : '  (under the policy)'}`);
      const where = locationText(f);
      if (where !== '' && where !== subject) lines.push(`           at ${printable(where)}`);
      if (f.fix !== undefined) lines.push(`           fix: ${printable(f.fix)}`);
    }
  }
  for (const e of report.errors) lines.push(`error ${e.code}  ${printable(e.target)}: ${printable(e.message)}`);
  const c = countBySeverity(report.findings);
  const failing = report.findings.filter((f) => f.failing).length;
  const stats = Object.entries(report.stats).map(([k, v]) => `${v} ${k}`).join(', ');
  if (lines.length > 0) lines.push('');
  lines.push(
    `bulwark scan ${report.kind}: ${stats === '' ? `${report.scanned} scanned` : stats}; ` +
      `${report.findings.length} findings (${SEVERITIES.map((s) => `${c[s]} ${s}`).join(', ')}), ${failing} over the policy` +
      (report.errors.length > 0 ? `, ${report.errors.length} errors` : ''),
  );
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------- markdown

function mdCell(text: string): string {
  return printable(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/\n/g, ' ');
}

function renderMarkdown(report: ScanReport): string {
  const c = countBySeverity(report.findings);
  const out: string[] = [`# Bulwark scan report: ${report.kind}`, ''];
  out.push(`Scanned ${report.targets.map((t) => `\`${mdCell(t)}\``).join(', ')} at ${report.finishedAt}.`, '');
  out.push('| critical | high | medium | low | info | over the policy | errors |', '|---:|---:|---:|---:|---:|---:|---:|');
  out.push(`| ${c.critical} | ${c.high} | ${c.medium} | ${c.low} | ${c.info} | ${report.findings.filter((f) => f.failing).length} | ${report.errors.length} |`, '');
  if (report.findings.length > 0) {
    out.push('| severity | code | subject | where | title | fix |', '|---|---|---|---|---|---|');
    for (const f of sortFindings(report.findings)) {
      const refs = f.references && f.references.length > 0 ? ` (${f.references.join(', ')})` : '';
      out.push(`| ${f.severity} | \`${f.code}\`${mdCell(refs)} | ${mdCell(f.subject)} | ${mdCell(locationText(f))} | ${mdCell(f.title)} | ${mdCell(f.fix ?? '')} |`);
    }
    out.push('');
  } else out.push('No findings.', '');
  if (report.errors.length > 0) {
    out.push('## Errors', '', '| target | code | message |', '|---|---|---|');
    for (const e of report.errors) out.push(`| ${mdCell(e.target)} | \`${e.code}\` | ${mdCell(e.message)} |`);
    out.push('');
  }
  return out.join('\n');
}

// ---------------------------------------------------------------- SARIF 2.1.0

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning reads `security-severity` (a CVSS-like 0–10 string) to rank alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

function ruleIdOf(f: ScanFinding): string {
  const ref = f.references?.[0];
  return ref !== undefined ? `${f.code}/${ref}` : f.code;
}

export function toSarif(report: ScanReport): Record<string, unknown> {
  const findings = sortFindings(report.findings);
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  for (const f of findings) {
    const id = ruleIdOf(f);
    if (ruleIndex.has(id)) continue;
    ruleIndex.set(id, rules.length);
    const cvss = typeof f.properties?.cvssScore === 'number' ? (f.properties.cvssScore as number).toFixed(1) : SECURITY_SEVERITY[f.severity];
    rules.push({
      id,
      name: f.code,
      shortDescription: { text: f.title },
      fullDescription: { text: f.message },
      help: { text: f.fix ?? f.message },
      ...(f.links && f.links.length > 0 ? { helpUri: f.links[0] } : {}),
      defaultConfiguration: { level: SARIF_LEVEL[f.severity] },
      properties: { 'security-severity': cvss, tags: ['security', report.kind] },
    });
  }
  const results = findings.map((f) => {
    const loc = f.location;
    const locations =
      loc.path !== undefined
        ? [{ physicalLocation: { artifactLocation: { uri: encodeURI(loc.path) }, ...(loc.line !== undefined ? { region: { startLine: loc.line } } : {}) } }]
        : loc.target !== undefined
          ? [{ logicalLocations: [{ fullyQualifiedName: loc.target, kind: 'resource' }] }]
          : [];
    return {
      ruleId: ruleIdOf(f),
      ruleIndex: ruleIndex.get(ruleIdOf(f)),
      level: SARIF_LEVEL[f.severity],
      message: { text: `${f.title}${f.fix !== undefined ? ` Fix: ${f.fix}` : ''}` },
      locations,
      partialFingerprints: { 'bulwark/v1': `${ruleIdOf(f)}|${f.subject}|${locationText(f)}` },
      properties: { severity: f.severity, subject: f.subject, failing: f.failing, ...(loc.detail !== undefined ? { detail: loc.detail } : {}), ...(f.properties ?? {}) },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'bulwark', version: report.tool.version, semanticVersion: report.tool.version, informationUri: 'https://github.com/bulwark', rules } },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            toolExecutionNotifications: report.errors.map((e) => ({ level: 'error', message: { text: `${e.target}: ${e.message}` }, descriptor: { id: e.code } })),
          },
        ],
        results,
        properties: { kind: report.kind, schemaVersion: SCAN_REPORT_SCHEMA_VERSION, scanned: report.scanned, stats: report.stats },
      },
    ],
  };
}

// ---------------------------------------------------------------- JUnit XML

export function xmlEscape(text: string): string {
  // XML 1.0 forbids most control characters even when escaped; they are replaced.
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function renderJunit(report: ScanReport): string {
  const groups = new Map<string, ScanFinding[]>();
  for (const f of sortFindings(report.findings)) {
    const g = groups.get(f.subject);
    if (g) g.push(f);
    else groups.set(f.subject, [f]);
  }
  const cases: string[] = [];
  let failures = 0;
  for (const [subject, findings] of groups) {
    const failing = findings.filter((f) => f.failing);
    if (failing.length === 0) {
      cases.push(`    <testcase classname="bulwark.${report.kind}" name="${xmlEscape(subject)}"><system-out>${xmlEscape(findings.map((f) => `${f.severity} ${f.code}: ${f.title}`).join('\n'))}</system-out></testcase>`);
      continue;
    }
    failures += 1;
    const body = failing.map((f) => `${f.severity.toUpperCase()} ${f.code}${f.references ? ` ${f.references.join(', ')}` : ''} at ${locationText(f)}: ${f.title}${f.fix ? ` (fix: ${f.fix})` : ''}`).join('\n');
    cases.push(
      `    <testcase classname="bulwark.${report.kind}" name="${xmlEscape(subject)}"><failure type="${xmlEscape(failing[0]!.code)}" message="${xmlEscape(`${failing.length} finding(s) over the policy`)}">${xmlEscape(body)}</failure></testcase>`,
    );
  }
  for (const e of report.errors) {
    cases.push(`    <testcase classname="bulwark.${report.kind}" name="${xmlEscape(e.target)}"><error type="${xmlEscape(e.code)}" message="${xmlEscape(e.message)}"/></testcase>`);
  }
  if (cases.length === 0) cases.push(`    <testcase classname="bulwark.${report.kind}" name="${xmlEscape(report.targets.join(' '))}"/>`);
  const tests = cases.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="bulwark" tests="${tests}" failures="${failures}" errors="${report.errors.length}">`,
    `  <testsuite name="bulwark scan ${report.kind}" tests="${tests}" failures="${failures}" errors="${report.errors.length}" timestamp="${xmlEscape(report.startedAt)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- HTML (self-contained)

function renderHtml(report: ScanReport): string {
  const c = countBySeverity(report.findings);
  const rows = sortFindings(report.findings)
    .map(
      (f) =>
        `<tr class="${f.severity}"><td>${f.severity}</td><td><code>${xmlEscape(f.code)}</code>${f.references ? `<br>${xmlEscape(f.references.join(', '))}` : ''}</td><td>${xmlEscape(printable(f.subject))}</td><td>${xmlEscape(printable(locationText(f)))}</td><td>${xmlEscape(printable(f.title))}<details><summary>more</summary>${xmlEscape(printable(f.message))}</details></td><td>${xmlEscape(printable(f.fix ?? ''))}</td><td>${f.failing ? 'yes' : 'no'}</td></tr>`,
    )
    .join('\n');
  const errors = report.errors.map((e) => `<tr><td>${xmlEscape(printable(e.target))}</td><td><code>${xmlEscape(e.code)}</code></td><td>${xmlEscape(printable(e.message))}</td></tr>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Bulwark scan report: ${report.kind}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}tr.critical td:first-child{background:#b00;color:#fff}tr.high td:first-child{background:#e55;color:#fff}tr.medium td:first-child{background:#fc3}tr.low td:first-child{background:#9cf}</style></head>
<body><h1>Bulwark scan report: ${report.kind}</h1>
<p>Targets: ${xmlEscape(printable(report.targets.join(', ')))}. Finished ${xmlEscape(report.finishedAt)}. Bulwark ${xmlEscape(report.tool.version)}.</p>
<p>${SEVERITIES.map((s) => `${c[s]} ${s}`).join(' · ')} · ${report.findings.filter((f) => f.failing).length} over the policy · ${report.errors.length} errors</p>
<table><thead><tr><th>severity</th><th>code</th><th>subject</th><th>where</th><th>finding</th><th>fix</th><th>fails</th></tr></thead><tbody>
${rows}
</tbody></table>
${errors === '' ? '' : `<h2>Errors</h2><table><thead><tr><th>target</th><th>code</th><th>message</th></tr></thead><tbody>${errors}</tbody></table>`}
</body></html>
`;
}
