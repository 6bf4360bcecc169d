import { closeSync, openSync, writeSync } from 'node:fs';
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal zip writer (PKWARE APPNOTE.TXT: local headers, deflate, central directory, end
 * record, and the zip64 end records of section 4.3.14-4.3.15 once there are more than 65,535
 * entries, as in osv.dev's npm all.zip) used to build advisory archives for tests and the import
 * benchmark. `declaredSize` lets a test write an entry whose header lies about its decompressed
 * size. Offsets and sizes stay below 4 GiB (no zip64 extra fields).
 */
export interface ZipMember {
  name: string;
  data: Buffer;
  declaredSize?: number;
  /** Store instead of deflate. */
  store?: boolean;
  /** zlib deflate level (default 6). */
  level?: number;
}

const FLUSH_AT = 4 * 1024 * 1024;

export function createZipWriter(path: string): { add(member: ZipMember): void; close(): void } {
  const fd = openSync(path, 'w');
  const central: Buffer[] = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let offset = 0;
  let count = 0;
  const write = (b: Buffer) => {
    pending.push(b);
    pendingBytes += b.length;
    offset += b.length;
    if (pendingBytes >= FLUSH_AT) flush();
  };
  const flush = () => {
    if (pendingBytes === 0) return;
    writeSync(fd, Buffer.concat(pending, pendingBytes));
    pending = [];
    pendingBytes = 0;
  };
  return {
    add({ name, data, declaredSize, store, level }) {
      const nameBuf = Buffer.from(name, 'utf8');
      const body = store ? data : deflateRawSync(data, level !== undefined ? { level } : {});
      const method = store ? 0 : 8;
      const crc = crc32(data);
      const size = declaredSize ?? data.length;
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt32LE(crc >>> 0, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(size, 22);
      local.writeUInt16LE(nameBuf.length, 26);
      const at = offset;
      write(local);
      write(nameBuf);
      write(body);
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(45, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x0800, 8);
      c.writeUInt16LE(method, 10);
      c.writeUInt32LE(crc >>> 0, 16);
      c.writeUInt32LE(body.length, 20);
      c.writeUInt32LE(size, 24);
      c.writeUInt16LE(nameBuf.length, 28);
      c.writeUInt32LE(at, 42);
      central.push(c, nameBuf);
      count++;
    },
    close() {
      const start = offset;
      for (const b of central) write(b);
      const cdSize = offset - start;
      if (count > 0xffff) {
        const z64 = Buffer.alloc(56);
        const z64At = offset;
        z64.writeUInt32LE(0x06064b50, 0);
        z64.writeBigUInt64LE(44n, 4);
        z64.writeUInt16LE(45, 12);
        z64.writeUInt16LE(45, 14);
        z64.writeBigUInt64LE(BigInt(count), 24);
        z64.writeBigUInt64LE(BigInt(count), 32);
        z64.writeBigUInt64LE(BigInt(cdSize), 40);
        z64.writeBigUInt64LE(BigInt(start), 48);
        write(z64);
        const locator = Buffer.alloc(20);
        locator.writeUInt32LE(0x07064b50, 0);
        locator.writeBigUInt64LE(BigInt(z64At), 8);
        locator.writeUInt32LE(1, 16);
        write(locator);
      }
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0);
      end.writeUInt16LE(Math.min(count, 0xffff), 8);
      end.writeUInt16LE(Math.min(count, 0xffff), 10);
      end.writeUInt32LE(cdSize, 12);
      end.writeUInt32LE(start, 16);
      write(end);
      flush();
      closeSync(fd);
    },
  };
}
