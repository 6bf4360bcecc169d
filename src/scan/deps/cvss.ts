import type { Severity } from '../../core/index.js';

/**
 * CVSS v3.x base score from its vector (FIRST CVSS v3.1 specification, section 7.1 "Base Metrics
 * Equations", and Appendix A "Roundup"). Undefined when the vector is not a complete v3 base vector.
 */
const scoreMemo = new Map<string, number | undefined>();

export function cvss3BaseScore(vector: string): number | undefined {
  if (scoreMemo.has(vector)) return scoreMemo.get(vector);
  const score = computeCvss3(vector);
  if (scoreMemo.size > 10_000) scoreMemo.clear();
  scoreMemo.set(vector, score);
  return score;
}

function computeCvss3(vector: string): number | undefined {
  if (vector.length > 200) return undefined;
  const parts = vector.split('/');
  if (!/^CVSS:3\.[01]$/.test(parts[0] ?? '')) return undefined;
  const m: Record<string, string> = {};
  for (const p of parts.slice(1)) {
    const [k, v] = p.split(':');
    if (k === undefined || v === undefined || Object.hasOwn(m, k)) return undefined;
    m[k] = v;
  }
  const AV = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 }[m.AV ?? ''];
  const AC = { L: 0.77, H: 0.44 }[m.AC ?? ''];
  const UI = { N: 0.85, R: 0.62 }[m.UI ?? ''];
  const scope = m.S;
  if (scope !== 'U' && scope !== 'C') return undefined;
  const PR = (scope === 'C' ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 })[m.PR ?? ''];
  const cia = { H: 0.56, L: 0.22, N: 0 };
  const C = cia[m.C as keyof typeof cia];
  const I = cia[m.I as keyof typeof cia];
  const A = cia[m.A as keyof typeof cia];
  if (AV === undefined || AC === undefined || UI === undefined || PR === undefined || C === undefined || I === undefined || A === undefined) return undefined;
  const iss = 1 - (1 - C) * (1 - I) * (1 - A);
  const impact = scope === 'U' ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const exploitability = 8.22 * AV * AC * PR * UI;
  if (impact <= 0) return 0;
  return roundup(scope === 'U' ? Math.min(impact + exploitability, 10) : Math.min(1.08 * (impact + exploitability), 10));
}

/** CVSS v3.1 Appendix A: round up to one decimal, robust to floating-point error. */
function roundup(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

/** A syntactically complete CVSS v4.0 base vector (the score itself needs FIRST's lookup tables). */
export function isCvss4Vector(vector: string): boolean {
  if (vector.length > 300 || !vector.startsWith('CVSS:4.0/')) return false;
  const seen = new Set(vector.slice(9).split('/').map((p) => p.split(':')[0]));
  return ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'].every((k) => seen.has(k));
}

/** CVSS qualitative rating scale (v3.1 section 5): 0 none, 0.1-3.9 low, 4-6.9 medium, 7-8.9 high, 9-10 critical. */
export function severityOfScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'info';
}

/** GHSA's database_specific.severity words. */
export function severityOfWord(word: string | undefined): Severity | undefined {
  switch (word?.toUpperCase()) {
    case 'CRITICAL':
      return 'critical';
    case 'HIGH':
      return 'high';
    case 'MODERATE':
    case 'MEDIUM':
      return 'medium';
    case 'LOW':
      return 'low';
    default:
      return undefined;
  }
}
