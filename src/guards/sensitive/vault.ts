/**
 * The pseudonym vault of ONE request: value ↔ placeholder (`<EMAIL_1>`, `<CN_ID_CARD_2>`). The
 * gateway makes a new vault per request and drops it with the request; nothing is shared between
 * requests or tenants (a process-wide vault mixes different users' placeholders and values).
 */
export class PseudonymVault {
  /** Label → value → placeholder: no joined key to build and hash per lookup. */
  private readonly byValue = new Map<string, Map<string, string>>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  private longest = 0;

  /** The same value always gets the same placeholder within this vault. */
  placeholderFor(label: string, value: string): string {
    let values = this.byValue.get(label);
    const existing = values?.get(value);
    if (existing !== undefined) return existing;
    if (values === undefined) this.byValue.set(label, (values = new Map()));
    const n = (this.counters.get(label) ?? 0) + 1;
    this.counters.set(label, n);
    const placeholder = `<${label}_${n}>`;
    values.set(value, placeholder);
    this.byPlaceholder.set(placeholder, value);
    if (placeholder.length > this.longest) this.longest = placeholder.length;
    return placeholder;
  }

  valueOf(placeholder: string): string | undefined {
    return this.byPlaceholder.get(placeholder);
  }

  /** Whether a value was sent by the user (so seeing it in the answer is no leak). */
  hasValue(value: string): boolean {
    for (const v of this.byPlaceholder.values()) if (v === value) return true;
    return false;
  }

  get size(): number {
    return this.byPlaceholder.size;
  }

  /** Length of the longest placeholder issued: the most a stream restorer needs to hold back. */
  get maxPlaceholderLength(): number {
    return this.longest;
  }

  /** Replaces every known placeholder in a whole text; unknown ones stay as they are. */
  restore(text: string): string {
    if (this.byPlaceholder.size === 0 || text.indexOf('<') < 0) return text;
    return text.replace(PLACEHOLDER_RE, (p) => this.byPlaceholder.get(p) ?? p);
  }
}

export const PLACEHOLDER_RE = /<[A-Z][A-Z0-9_]*_\d+>/g;

/** Placeholder label for a finding code: PII_EMAIL → EMAIL, SECRET_AWS_ACCESS_KEY → AWS_ACCESS_KEY. */
export function labelOf(code: string): string {
  // Prefix tests, not a regex replace: this runs for every finding the guard masks or replaces.
  if (code.startsWith('PII_')) return code.slice(4);
  if (code.startsWith('SECRET_')) return code.slice(7);
  return code;
}

/**
 * Restores placeholders in a stream whose chunks may cut a placeholder anywhere (`<PER` | `SON_1>`).
 * It holds back only a tail that could still become a placeholder, never more than the longest
 * placeholder this vault issued.
 */
export function createStreamRestorer(vault: PseudonymVault): { push(delta: string): string; end(): string } {
  let held = '';
  return {
    push(delta) {
      const text = held + delta;
      held = '';
      const max = vault.maxPlaceholderLength;
      if (max === 0) return text;
      const open = text.lastIndexOf('<');
      if (open >= 0 && text.length - open < max && /^<[A-Z0-9_]*$/.test(text.slice(open))) {
        held = text.slice(open);
        return vault.restore(text.slice(0, open));
      }
      return vault.restore(text);
    },
    end() {
      const t = vault.restore(held);
      held = '';
      return t;
    },
  };
}
