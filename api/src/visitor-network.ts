/**
 * The network a visitor streams from, the key of the per-network stream limit.
 *
 * IPv6 is keyed per /48. A /48 is what anyone can get for free (tunnel brokers hand one out
 * on request) and what many home lines are given; a /64 or /56 key would give one free /48
 * 65,536 or 256 keys, enough to take every stream slot (the second review took all 1000 with
 * the /64s of one /56). Keyed per /48, one network takes `STREAM_MAX_PER_NETWORK` slots at most.
 * IPv4 is keyed per address: addresses cost money, and a /24 key would lump strangers together.
 *
 * Private addresses are not keyed: visitors come from the internet through nginx, so a private
 * address is this host (loopback tools, Conky), a peer over Tailscale, or nginx itself when
 * TRUST_PROXY does not name it (then every visitor would share one key). Those streams count
 * against `STREAM_MAX_CLIENTS` alone.
 */
import { isIP } from 'node:net';
import { isPrivateAddress } from './private-networks.js';

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** The eight 16-bit groups of an IPv6 address, in any spelling (`::`, a dotted IPv4 tail). */
function ipv6Groups(address: string): number[] {
  let text = address.split('%', 1)[0] ?? address;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::', 2);
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/** `2001:db8:1::/48` for any address in that /48, the address itself for IPv4, null: not limited. */
export function visitorNetwork(ip: string): string | null {
  const address = MAPPED_IPV4.exec(ip)?.[1] ?? ip;
  const version = isIP(address);
  if (version === 0 || isPrivateAddress(address)) return null;
  if (version === 4) return address;
  const [a = 0, b = 0, c = 0] = ipv6Groups(address);
  return `${[a, b, c].map((group) => group.toString(16)).join(':')}::/48`;
}
