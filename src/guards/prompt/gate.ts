/**
 * A cheap gate in front of the pattern rules: one pass records which word beginnings (the first
 * five letters of each Latin word) and which CJK character pairs occur in the text, in a
 * generation-stamped table, so a rule runs only when one of its trigger words could be present.
 * Collisions only make a rule run when it need not; a trigger that is present always lets it run.
 * Most prompts trigger no rule at all, which is what keeps the engine above 20 MB/s per core.
 */
const SIZE = 1 << 16;
/** Letters of a word that form its key: five tell list/listen, remote/remove, polite/policy apart and keep inflections together. */
export const PREFIX = 5;
// One byte per key (64 KiB, where 32-bit stamps took 256 KiB out of the cache the classifier's
// weights share); the table is cleared once every 255 gates.
const stamp = new Uint8Array(SIZE);
let generation = 0;

const isLetter = (c: number): boolean => c >= 97 && c <= 122;
const isCjk = (c: number): boolean => c >= 0x3400 && c <= 0x9fff;

/**
 * A word's key is built letter by letter (for a scan that reads the text for another purpose too,
 * classifier.ts): start from LATIN_SEED, fold in the first PREFIX letters with latinStep, and
 * record the word with markWord when it ends.
 */
export const LATIN_SEED = 7;
export const latinStep = (h: number, c: number): number => (Math.imul(h, 31) + c) | 0;
const latinSlot = (h: number): number => (h ^ (h >>> 16)) & (SIZE - 1);

function latinKey(s: string, from: number, to: number): number {
  let h = LATIN_SEED;
  const end = Math.min(to, from + PREFIX);
  for (let i = from; i < end; i++) h = latinStep(h, s.charCodeAt(i));
  return latinSlot(h);
}

function pairKey(a: number, b: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b);
  return (h ^ (h >>> 15)) & (SIZE - 1);
}

/** Key of a trigger: its first Latin word's first five letters, or its first two CJK characters; -1 when it has neither (the rule then always runs). */
export function triggerKey(trigger: string): number {
  const c = trigger.charCodeAt(0);
  if (isLetter(c)) {
    let end = 1;
    while (end < trigger.length && isLetter(trigger.charCodeAt(end))) end++;
    return latinKey(trigger, 0, end);
  }
  if (isCjk(c) && trigger.length >= 2 && isCjk(trigger.charCodeAt(1))) return pairKey(c, trigger.charCodeAt(1));
  return -1;
}

/** A new, empty gate; the previous one is forgotten. Record into it with markWord and markPair, or use openGate. */
export function beginGate(): number {
  generation = (generation + 1) & 0xff;
  if (generation === 0) {
    stamp.fill(0);
    generation = 1;
  }
  return generation;
}

/** Records a Latin word by its key (latinStep over its first PREFIX letters). */
export function markWord(gate: number, h: number): void {
  stamp[latinSlot(h)] = gate;
}

/** Records two CJK characters that stand next to each other. */
export function markPair(gate: number, a: number, b: number): void {
  stamp[pairKey(a, b)] = gate;
}

/** Records the text's word beginnings and CJK pairs; valid until the next gate begins. */
export function openGate(text: string): number {
  const g = beginGate();
  recordText(g, text);
  return g;
}

/** What openGate records, into a gate already begun. */
export function recordText(g: number, text: string): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isLetter(c)) {
      const start = i;
      while (i < n && isLetter(text.charCodeAt(i))) i++;
      stamp[latinKey(text, start, i)] = g;
    } else {
      if (isCjk(c) && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (isCjk(d)) stamp[pairKey(c, d)] = g;
      }
      i++;
    }
  }
}

/** Whether any of the keys was seen by the gate opened as `gate`. */
export function passes(gate: number, keys: Int32Array): boolean {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k < 0 || stamp[k] === gate) return true;
  }
  return false;
}

export function keysOf(triggers: readonly string[]): Int32Array {
  return Int32Array.from(triggers.map(triggerKey));
}
