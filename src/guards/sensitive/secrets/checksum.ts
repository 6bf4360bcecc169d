/**
 * GitHub (2021) and npm (2021) tokens end in a checksum: CRC-32 of the 30 random characters,
 * base62-encoded (0-9A-Za-z) and left-padded to 6 characters. A valid checksum turns a prefix
 * match into a near-certain token (https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/).
 */

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(text: string, start: number, end: number): number {
  let crc = -1;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]!;
  return (crc ^ -1) >>> 0;
}

function base62Digit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 36;
  return -1;
}

/** Whether `text[start, end)` is 30 random characters followed by their 6-character checksum. */
export function validBase62Checksum(text: string, start: number, end: number): boolean {
  if (end - start !== 36) return false;
  let v = 0;
  for (let i = end - 6; i < end; i++) {
    const d = base62Digit(text.charCodeAt(i));
    if (d < 0) return false;
    v = v * 62 + d;
  }
  return v === crc32(text, start, end - 6);
}
