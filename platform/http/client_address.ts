/**
 * The caller's IP address, the subject of per-client rate limits.
 *
 * @module
 */
import type { Context } from "hono";
import {
  convertIPv4BinaryToString,
  convertIPv4MappedIPv6ToIPv4,
  convertIPv4ToBinary,
  convertIPv6BinaryToString,
  convertIPv6ToBinary,
  isIPv4MappedIPv6,
} from "hono/utils/ipaddr";

/** Options of {@linkcode clientAddress}. */
export interface ClientAddressOptions {
  /**
   * Whether the service runs behind exactly one trusted reverse proxy
   * (Traefik) that appends the peer it saw to `X-Forwarded-For`. Only set it
   * when the service port is reachable through that proxy alone: a client
   * talking to the port directly chooses the header.
   */
  readonly trustProxy: boolean;
}

/**
 * The canonical form of an IP address, or null when `text` is not one:
 * IPv4 in dotted decimal, IPv6 lower-case and compressed (RFC 5952), an
 * IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) as its IPv4 address. The same
 * host thus always yields the same rate-limit subject.
 */
export function canonicalIp(text: string): string | null {
  const s = text.trim();
  if (s.length === 0 || s.length > 64) return null;
  try {
    if (!s.includes(":")) return convertIPv4BinaryToString(convertIPv4ToBinary(s));
    const binary = convertIPv6ToBinary(s);
    return isIPv4MappedIPv6(binary)
      ? convertIPv4BinaryToString(convertIPv4MappedIPv6ToIPv4(binary))
      : convertIPv6BinaryToString(binary);
  } catch {
    return null;
  }
}

/** The peer address that `Deno.serve` passed as Hono's `env`, if any. */
function socketAddress(c: Context): string | null {
  const env = c.env as { remoteAddr?: { hostname?: unknown } } | undefined;
  const hostname = env?.remoteAddr?.hostname;
  return typeof hostname === "string" ? canonicalIp(hostname) : null;
}

/**
 * The caller's IP address, canonical (see {@linkcode canonicalIp}), or
 * `"unknown"` when there is none (a request made with `app.request` in tests,
 * or a Unix socket).
 *
 * Without `trustProxy` it is the socket peer. With it, it is the **last**
 * entry of `X-Forwarded-For`: every proxy appends the peer it saw, so only
 * the last entry was written by our proxy; the entries before it come from
 * the client, which can put any address there to dodge a per-address limit
 * or to get another client limited. When the last entry is not a valid IP
 * (the header is missing, or our proxy did not write it) the socket peer is
 * answered instead; earlier entries are never used.
 *
 * @example
 * ```ts
 * app.use(rateLimit(limiter, rule, (c) => clientAddress(c, { trustProxy: true })));
 * ```
 */
export function clientAddress(c: Context, options: ClientAddressOptions): string {
  if (options.trustProxy) {
    const header = c.req.header("x-forwarded-for");
    if (header !== undefined) {
      const forwarded = canonicalIp(header.slice(header.lastIndexOf(",") + 1));
      if (forwarded) return forwarded;
    }
  }
  return socketAddress(c) ?? "unknown";
}
