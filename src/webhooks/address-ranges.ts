// Which IP addresses a webhook may never reach: loopback, private, link-local (cloud metadata lives
// there), carrier-grade NAT, unspecified, multicast and reserved ranges, for IPv4 and IPv6.
import { BlockList, isIP } from 'node:net';

export interface AddressRule {
  /** `10.0.0.0/8`, `::1/128`, or a single address. */
  cidr: string;
}

function addRule(list: BlockList, cidr: string): void {
  const [address, prefixText] = cidr.split('/');
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (prefixText === undefined) list.addAddress(address, family);
  else list.addSubnet(address, Number(prefixText), family);
}

export function createBlockList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) addRule(list, cidr);
  return list;
}

export const FORBIDDEN_RANGES: readonly string[] = [
  '0.0.0.0/8', // "this network", unspecified
  '10.0.0.0/8', // private
  '100.64.0.0/10', // carrier-grade NAT
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, including 169.254.169.254 metadata services
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, broadcast
  '::/128', // unspecified
  '::1/128', // loopback
  '64:ff9b::/96', // NAT64
  'fc00::/7', // unique local
  'fe80::/10', // link-local
  'ff00::/8', // multicast
  'fd00:ec2::254/128', // AWS IPv6 metadata
];

const forbidden = createBlockList(FORBIDDEN_RANGES);

export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isForbiddenAddress(mapped[1]);
    return forbidden.check(address, 'ipv6');
  }
  return forbidden.check(address, 'ipv4');
}
