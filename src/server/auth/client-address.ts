/**
 * Which peers may say who the client is (X-Forwarded-For). The client address decides the sign-in
 * throttle, so trusting any peer's header would let a client name itself anew for every guess:
 * TRIALKIT_TRUST_PROXY names the proxies whose header counts — addresses or CIDR ranges
 * (`10.0.0.0/8,127.0.0.1`, or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`). Fastify's
 * `trustProxy` walks the header from the right, skipping trusted proxies, so the first address that
 * is not a proxy is the client, and whatever a client writes into the header itself is never taken.
 *
 * Not a number of hops: it cannot tell a proxy from a client that connects directly and sends the
 * header itself (Fastify 5 trusts no header for a hop count, so it would silently mean "no proxy").
 * `1`, the old "behind a proxy" switch, is refused with that explanation rather than guessed at.
 */
import { isIP } from 'node:net';

export type TrustedProxies = false | string[];

const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}

/** TRIALKIT_TRUST_PROXY read: unset means no proxy (the socket's address is the client's). */
export function trustedProxiesFromEnv(value: string | undefined): TrustedProxies {
  const text = value?.trim() ?? '';
  if (text === '' || text === '0') return false;
  if (/^\d+$/.test(text))
    throw new Error(
      `TRIALKIT_TRUST_PROXY=${text}: name the reverse proxies (addresses or CIDR ranges, e.g. 127.0.0.1 or 10.0.0.0/8,127.0.0.1); a number of hops cannot tell a proxy from a client that sends X-Forwarded-For itself`,
    );
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !isAddressOrRange(e));
  if (bad.length || entries.length === 0)
    throw new Error(
      `TRIALKIT_TRUST_PROXY=${text}: expected the reverse proxies' addresses or CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1); not understood: ${bad.join(', ') || '(empty)'}`,
    );
  return entries;
}
