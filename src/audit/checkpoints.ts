import { timingSafeEqual } from 'node:crypto';
import type { AuditStore } from '../store/index.js';
import type { MasterKey } from './crypto.js';
import { anchorMac, headMac } from './writer.js';

const same = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * On master-key rotation, heads and anchors are signed again under the new key, but only those
 * whose old signature holds: a checkpoint that was already forged must stay detectably forged.
 * Runs inside the rotation's transaction.
 */
export function resignCheckpoints(store: AuditStore, from: MasterKey, to: MasterKey): { resigned: number; invalid: number } {
  let resigned = 0;
  let invalid = 0;
  for (const h of store.listHeads()) {
    if (!same(headMac(from.macKey, h.tenantId, h.chainSeq, h.hash), h.mac)) {
      invalid++;
      continue;
    }
    store.putHead({ ...h, mac: headMac(to.macKey, h.tenantId, h.chainSeq, h.hash) });
    resigned++;
  }
  for (const a of store.listAnchors()) {
    if (!same(anchorMac(from.macKey, a.tenantId, a.chainSeq, a.prevHash), a.mac)) {
      invalid++;
      continue;
    }
    store.putAnchor({ ...a, mac: anchorMac(to.macKey, a.tenantId, a.chainSeq, a.prevHash) });
    resigned++;
  }
  return { resigned, invalid };
}
