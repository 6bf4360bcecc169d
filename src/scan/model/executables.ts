import { readU32 } from './cursor.js';

/** Native executable magic: ELF (System V ABI), PE (Microsoft PE/COFF: "MZ" + "PE\0\0" at e_lfanew), Mach-O (mach-o/loader.h, fat.h). */
export function executableKind(head: Uint8Array): 'ELF' | 'PE' | 'Mach-O' | undefined {
  if (head.length < 4) return undefined;
  if (head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46) return 'ELF';
  if (head[0] === 0x4d && head[1] === 0x5a && head.length >= 64) {
    const at = readU32(head, 60);
    if (at + 4 <= head.length && head[at] === 0x50 && head[at + 1] === 0x45 && head[at + 2] === 0 && head[at + 3] === 0) return 'PE';
  }
  const m = readU32(head, 0);
  if (m === 0xfeedface || m === 0xfeedfacf || m === 0xcefaedfe || m === 0xcffaedfe) return 'Mach-O';
  // 0xCAFEBABE is also a Java class file; a fat Mach-O has few architectures where a class has a version.
  if (head[0] === 0xca && head[1] === 0xfe && head[2] === 0xba && head[3] === 0xbe && head.length >= 8) {
    const n = (head[4]! << 24) | (head[5]! << 16) | (head[6]! << 8) | head[7]!;
    if (n > 0 && n < 20) return 'Mach-O';
  }
  return undefined;
}
