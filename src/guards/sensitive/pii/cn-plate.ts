import type { Detection, Detector } from '../types.js';
import { detection } from './chars.js';

/**
 * Chinese vehicle plates (GA 36-2018): province abbreviation, issuing-authority letter (no I or
 * O), an optional separator, then five characters (at least three digits) or, on new-energy
 * plates, six with D or F first (small vehicles) or last (large vehicles).
 */
export const PLATE_CODE = 'PII_CN_PLATE';

const HAS_HAN = /[\u3400-\u9fff]/;


function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) n++;
  return n;
}

function plausibleSerial(serial: string): boolean {
  if (serial.length === 5) return digitCount(serial) >= 3;
  const energyFirst = serial[0] === 'D' || serial[0] === 'F';
  const energyLast = serial[5] === 'D' || serial[5] === 'F';
  if (energyFirst) return digitCount(serial.slice(1)) >= 4;
  if (energyLast) return digitCount(serial.slice(0, 5)) === 5;
  return false;
}

export function detectPlates(text: string): Detection[] {
  const out: Detection[] = [];
  if (!HAS_HAN.test(text)) return out;
  // A literal per call: a fresh object (lastIndex is per object) from shared compiled code.
  const re = /[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·•・ -]?([A-HJ-NP-Z0-9]{5,6})(?![A-Za-z0-9])/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (plausibleSerial(m[1]!)) out.push(detection(PLATE_CODE, m.index, m.index + m[0].length, 0.85, 'medium'));
  }
  return out;
}

export const cnPlateDetector: Detector = { id: 'pii-cn-plate', kind: 'pii', codes: [PLATE_CODE], detect: detectPlates };
