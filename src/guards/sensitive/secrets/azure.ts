/**
 * Azure. Storage account keys are 64 random bytes in base64 (88 characters ending `==`) and travel
 * in connection strings as `AccountKey=`; Service Bus / Event Hubs keys are 32 bytes
 * (`SharedAccessKey=`, 44 characters). SAS URLs carry their HMAC in `sig=`. Azure OpenAI and other
 * Cognitive Services keys are 32 hex characters, indistinguishable from any hash without context,
 * or (since 2024) 84-character "common annotated security keys" whose signature `JQQJ9` sits at
 * offset 52 (Microsoft security-utilities).
 */
import { ALNUM, BASE64, EQUALS, all, is, isHex, leftBoundary, looksRandom, runEnd } from './chars.js';
import { emit, type ScanState } from './state.js';

function keyAfter(s: ScanState, at: number, prefixLen: number, bodyLen: number, pad: number): number {
  const t = s.text;
  const v = at + prefixLen;
  const end = runEnd(t, v, BASE64 | EQUALS, v + bodyLen + 1);
  if (end - v !== bodyLen) return v;
  for (let i = end - pad; i < end; i++) if (t.charCodeAt(i) !== 0x3d) return v;
  if (!all(t, v, end - pad, BASE64) || !looksRandom(t, v, end - pad)) return v;
  emit(s, 'SECRET_AZURE_KEY', v, end, 0.95);
  return end;
}

export function scanAzureAccountKey(s: ScanState, at: number): number {
  return keyAfter(s, at, 'AccountKey='.length, 88, 2);
}

export function scanAzureSharedAccessKey(s: ScanState, at: number): number {
  return keyAfter(s, at, 'SharedAccessKey='.length, 44, 1);
}

/** Where the SAS URL around `at` starts: the run of non-space characters, looked back at most 1,500. */
function urlStart(t: string, at: number): number {
  let i = at;
  const min = Math.max(0, at - 1500);
  while (i > min) {
    const c = t.charCodeAt(i - 1);
    if (c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x3c || c === 0x3e) break;
    i--;
  }
  return i;
}

function isSigChar(c: number): boolean {
  return is(c, BASE64 | EQUALS) || c === 0x25;
}

export function scanAzureSas(s: ScanState, at: number): number {
  const t = s.text;
  const prev = at > 0 ? t.charCodeAt(at - 1) : 0;
  const v = at + 4;
  if (prev !== 0x3f && prev !== 0x26) return v;
  let end = v;
  while (end < t.length && isSigChar(t.charCodeAt(end)) && end - v < 200) end++;
  if (end - v < 30) return v;
  const url = t.slice(urlStart(t, at), at);
  if (!(url.includes('sv=') || url.includes('.windows.net') || url.includes('.azure.'))) return v;
  emit(s, 'SECRET_AZURE_KEY', v, end, 0.85);
  return end;
}

/** 84-character annotated key: 52 alphanumerics, `JQQJ9`, and the rest; `at` is the `J`. */
export function scanAzureAnnotated(s: ScanState, at: number): number {
  const t = s.text;
  const start = at - 52;
  if (start < 0 || !leftBoundary(t, start) || !all(t, start, at, ALNUM)) return at + 5;
  let end = runEnd(t, at, ALNUM);
  // 84 characters, or 86 with base64 padding (the full 64-byte form).
  if (end - start === 86 && t.startsWith('==', end)) end += 2;
  else if (end - start !== 84) return end;
  emit(s, 'SECRET_AZURE_KEY', start, end, 0.9);
  return end;
}

export type AzureValueKind = 'hex32' | 'alnum32' | 'storage' | 'annotated' | null;

/**
 * The Azure key shape of a context value, or null: 32 hex with Azure anywhere near (`nearAzure`
 * is only called for that shape), 32 alphanumerics when the key's own name says Azure, storage
 * keys and annotated keys on shape alone.
 */
export function azureValueKind(t: string, start: number, end: number, nameSaysAzure: boolean, nearAzure: () => boolean): AzureValueKind {
  const n = end - start;
  if (n === 32) {
    if (isHex(t, start, end)) return (nameSaysAzure || nearAzure()) && looksRandom(t, start, end) ? 'hex32' : null;
    return nameSaysAzure && all(t, start, end, ALNUM) && looksRandom(t, start, end) ? 'alnum32' : null;
  }
  if (n === 88 && t.endsWith('==', end) && all(t, start, end - 2, BASE64) && looksRandom(t, start, end - 2)) return nameSaysAzure || nearAzure() ? 'storage' : null;
  if ((n === 84 || n === 86 || n === 88) && t.startsWith('JQQJ9', start + 52) && all(t, start, start + 84, ALNUM)) return 'annotated';
  return null;
}
