import { isIPv6 } from 'node:net';

/**
 * The unit a per-address limit counts. An IPv6 client usually controls a whole /64, so limiting
 * single IPv6 addresses would let one host rotate through 2^64 of them; count the /64 instead.
 */
export function addressBucket(address: string | undefined): string {
  if (address === undefined || address === '') return 'unknown';
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4mapped) return v4mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...headParts, ...Array<string>(8 - headParts.length - tailParts.length).fill('0'), ...tailParts] : headParts;
  return `${groups.slice(0, 4).map((g) => (parseInt(g, 16) || 0).toString(16)).join(':')}::/64`;
}
