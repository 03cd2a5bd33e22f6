import { isIPv6 } from 'node:net';

const IPV4_MAPPED = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** The hextets of an IPv6 address, `::` expanded. */
function hextets(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((hextet) => hextet.toLowerCase().replace(/^0+(?=.)/, ''));
}

/**
 * Whose budget a remote address spends: an IPv4 address itself (IPv4-mapped IPv6 included), an IPv6 address's /64,
 * since one host is routinely given a whole /64 and could otherwise take a fresh budget per address.
 */
export function addressKey(address: string): string {
  const mapped = IPV4_MAPPED.exec(address)?.[1];
  if (mapped) return mapped;
  if (!isIPv6(address)) return address;
  return `${hextets(address.split('%')[0] ?? address)
    .slice(0, 4)
    .join(':')}::/64`;
}
