/**
 * `TRUST_PROXY`: whose `X-Forwarded-For` the API believes. The one proxy in front of the API
 * is nginx, which connects over loopback or the Docker network; so only loopback and private
 * addresses and ranges are accepted. A range with public addresses in it (`0.0.0.0/0` above
 * all) is refused, not warned about: it would let any client that reaches the API pick the
 * address the API logs and counts streams by, and a warning in the log of a container that
 * works is read by nobody.
 */
import { isIP } from 'node:net';
import { ConfigError, read, type Env } from './env.js';
import { isPrivateRange } from './private-networks.js';

const DEFAULT = '127.0.0.1,::1';

/** Why `item` cannot be trusted, or null when it can. */
function problem(item: string): string | null {
  const [address = '', bits, extra] = item.split('/');
  const version = isIP(address);
  if (version === 0 || extra !== undefined) return `${item} is not an IP address or CIDR range`;
  const max = version === 4 ? 32 : 128;
  if (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max))
    return `${item} has a prefix length outside 0 to ${max}`;
  const prefix = bits === undefined ? max : Number(bits);
  if (!isPrivateRange(address, prefix)) return `${item} holds public addresses`;
  return null;
}

export function trustProxy(env: Env): string[] {
  const raw = read(env, 'TRUST_PROXY') ?? DEFAULT;
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    const reason = problem(item);
    if (reason) {
      throw new ConfigError(
        `TRUST_PROXY=${JSON.stringify(raw)}: expected comma-separated loopback or private IP addresses or CIDR ranges (where nginx connects from); ${reason}`,
      );
    }
  }
  return items;
}
