/**
 * Where Kopek may POST a push (ADR 0057, SSRF): a subscription's endpoint is
 * a URL a hostile user chooses. In production it must be https and every
 * address its host names or resolves to a public unicast one (not private,
 * loopback, link-local, unique-local, multicast, reserved…), as
 * `ipaddr.js` classifies them. `allowPrivate` (`KOPEK_PUSH_ALLOW_PRIVATE=1`)
 * lifts both rules for a local push service in tests.
 *
 * @module
 */
import ipaddr from "ipaddr.js";

/** Why an endpoint is refused, or null when it may be used. */
export type EndpointRefusal = string | null;

function addressRefusal(address: string): EndpointRefusal {
  if (!ipaddr.isValid(address)) return "an address that is not one";
  const range = ipaddr.process(address).range();
  return range === "unicast" ? null : `a ${range} address`;
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** The checks that need no DNS: the scheme, and a host that is an address or `localhost`. */
export function endpointRefusal(endpoint: string, allowPrivate: boolean): EndpointRefusal {
  if (!URL.canParse(endpoint)) return "not a URL";
  const url = new URL(endpoint);
  if (url.username || url.password) return "a URL with credentials";
  if (allowPrivate) return /^https?:$/.test(url.protocol) ? null : "not an http(s) URL";
  if (url.protocol !== "https:") return "not an https URL";
  const host = hostOf(url);
  if (host === "localhost" || host.endsWith(".localhost")) return "a loopback host";
  return ipaddr.isValid(host) ? addressRefusal(host) : null;
}

/** Resolves a host's addresses (A and AAAA). */
export type Resolver = (host: string) => Promise<string[]>;

/** The system's resolver. */
export const systemResolver: Resolver = async (host) => {
  const settled = await Promise.allSettled([
    Deno.resolveDns(host, "A"),
    Deno.resolveDns(host, "AAAA"),
  ]);
  return settled.flatMap((s) => s.status === "fulfilled" ? s.value : []);
};

/**
 * The checks at send time: {@linkcode endpointRefusal}, then every address
 * the host resolves to (a name that resolves to nothing is refused too).
 */
export async function resolvedRefusal(
  endpoint: string,
  allowPrivate: boolean,
  resolve: Resolver = systemResolver,
): Promise<EndpointRefusal> {
  const refusal = endpointRefusal(endpoint, allowPrivate);
  if (refusal || allowPrivate) return refusal;
  const host = hostOf(new URL(endpoint));
  if (ipaddr.isValid(host)) return null;
  const addresses = await resolve(host);
  if (addresses.length === 0) return "a host without addresses";
  for (const address of addresses) {
    const why = addressRefusal(address);
    if (why) return why;
  }
  return null;
}
