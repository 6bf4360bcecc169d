/**
 * SPDX licence expressions (SPDX specification v2.3, Annex D "SPDX license expressions"):
 *   compound := simple | compound "AND" compound | compound "OR" compound | "(" compound ")"
 *   simple   := id ["+"] ["WITH" exception] | "LicenseRef-…" | "DocumentRef-…:LicenseRef-…"
 * with WITH binding tighter than AND, and AND tighter than OR. Operators are case-insensitive
 * in practice (npm accepts "and"/"or"), ids are matched case-insensitively (Annex D.2).
 */
export type SpdxNode =
  | { kind: 'licence'; id: string; orLater: boolean; exception?: string }
  | { kind: 'and' | 'or'; left: SpdxNode; right: SpdxNode };

const ID = /^[A-Za-z0-9][A-Za-z0-9.\-]*(?::[A-Za-z0-9.\-]+)?$/;

/** Parses an SPDX expression; undefined when it is not one ("SEE LICENSE IN …", free text). */
export function parseSpdx(text: string): SpdxNode | undefined {
  if (text.length > 1000) return undefined;
  const tokens = text.replace(/\(/g, ' ( ').replace(/\)/g, ' ) ').trim().split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) return undefined;
  let i = 0;
  let depth = 0;
  const peek = () => tokens[i];
  const upper = (t: string | undefined) => t?.toUpperCase();
  const parseOr = (): SpdxNode | undefined => {
    let left = parseAnd();
    while (left && upper(peek()) === 'OR') {
      i++;
      const right = parseAnd();
      if (!right) return undefined;
      left = { kind: 'or', left, right };
    }
    return left;
  };
  const parseAnd = (): SpdxNode | undefined => {
    let left = parseAtom();
    while (left && upper(peek()) === 'AND') {
      i++;
      const right = parseAtom();
      if (!right) return undefined;
      left = { kind: 'and', left, right };
    }
    return left;
  };
  const parseAtom = (): SpdxNode | undefined => {
    const t = tokens[i++];
    if (t === undefined) return undefined;
    if (t === '(') {
      if (++depth > 50) return undefined;
      const inner = parseOr();
      if (tokens[i++] !== ')') return undefined;
      depth--;
      return inner;
    }
    if (['AND', 'OR', 'WITH', ')'].includes(t.toUpperCase())) return undefined;
    const orLater = t.endsWith('+');
    const id = orLater ? t.slice(0, -1) : t;
    if (!ID.test(id)) return undefined;
    if (upper(peek()) === 'WITH') {
      i++;
      const exc = tokens[i++];
      if (exc === undefined || !ID.test(exc)) return undefined;
      return { kind: 'licence', id, orLater, exception: exc };
    }
    return { kind: 'licence', id, orLater };
  };
  const node = parseOr();
  return node && i === tokens.length ? node : undefined;
}

export type LicenceVerdict = 'allowed' | 'unlisted' | 'denied';

const RANK: Record<LicenceVerdict, number> = { allowed: 0, unlisted: 1, denied: 2 };

/** Every spelling a licence leaf can be listed under: "GPL-2.0+", "GPL-2.0-or-later", "GPL-2.0", with its exception. */
function names(n: Extract<SpdxNode, { kind: 'licence' }>): string[] {
  const base = n.id.toLowerCase();
  const forms = [base];
  if (n.orLater) forms.unshift(`${base}+`, `${base.replace(/-only$/, '')}-or-later`);
  if (n.exception !== undefined) return [...forms.map((f) => `${f} with ${n.exception!.toLowerCase()}`), ...forms];
  return forms;
}

/**
 * Evaluates an expression against allow and deny lists. OR: the licensee may choose, so the best
 * choice counts; AND: every term applies, so the worst counts. A leaf is denied when listed in
 * `deny`, allowed when `allow` is empty or lists it, otherwise unlisted.
 */
export function evaluateSpdx(node: SpdxNode, allow: readonly string[], deny: readonly string[]): LicenceVerdict {
  const allowSet = new Set(allow.map((s) => s.toLowerCase()));
  const denySet = new Set(deny.map((s) => s.toLowerCase()));
  const walk = (n: SpdxNode): LicenceVerdict => {
    if (n.kind === 'licence') {
      const forms = names(n);
      if (forms.some((f) => denySet.has(f))) return 'denied';
      if (allowSet.size === 0 || forms.some((f) => allowSet.has(f))) return 'allowed';
      return 'unlisted';
    }
    const l = walk(n.left);
    const r = walk(n.right);
    return n.kind === 'or' ? (RANK[l] <= RANK[r] ? l : r) : RANK[l] >= RANK[r] ? l : r;
  };
  return walk(node);
}

export function formatSpdx(node: SpdxNode, parent?: 'and' | 'or'): string {
  if (node.kind === 'licence') return `${node.id}${node.orLater ? '+' : ''}${node.exception !== undefined ? ` WITH ${node.exception}` : ''}`;
  const s = `${formatSpdx(node.left, node.kind)} ${node.kind.toUpperCase()} ${formatSpdx(node.right, node.kind)}`;
  return parent !== undefined && parent !== node.kind ? `(${s})` : s;
}
