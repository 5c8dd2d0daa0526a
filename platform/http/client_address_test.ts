import assert from "node:assert/strict";
import { Hono } from "hono";
import { canonicalIp, clientAddress } from "./client_address.ts";

function appAnswering(trustProxy: boolean) {
  const app = new Hono();
  app.get("/", (c) => c.text(clientAddress(c, { trustProxy })));
  return app;
}

/** What `Deno.serve` passes as `env`: its `ServeHandlerInfo`. */
function info(hostname: string) {
  return { remoteAddr: { transport: "tcp", hostname, port: 54321 } };
}

async function addressOf(
  trustProxy: boolean,
  headers: Record<string, string>,
  env?: unknown,
): Promise<string> {
  const res = await appAnswering(trustProxy).request("/", { headers }, env);
  return await res.text();
}

Deno.test("clientAddress() answers the socket peer without trustProxy, ignoring X-Forwarded-For", async () => {
  assert.equal(await addressOf(false, {}, info("203.0.113.7")), "203.0.113.7");
  assert.equal(
    await addressOf(false, { "x-forwarded-for": "198.51.100.1" }, info("203.0.113.7")),
    "203.0.113.7",
  );
});

Deno.test("clientAddress() answers unknown without a peer (app.request) or with a non-IP one", async () => {
  assert.equal(await addressOf(false, {}), "unknown");
  assert.equal(await addressOf(true, {}), "unknown");
  assert.equal(await addressOf(false, {}, {}), "unknown");
  assert.equal(await addressOf(false, {}, { remoteAddr: { hostname: 42 } }), "unknown");
  assert.equal(await addressOf(false, {}, info("/run/kopek.sock")), "unknown");
});

Deno.test("clientAddress() with trustProxy answers the last X-Forwarded-For entry, the one the proxy appended", async () => {
  const peer = info("10.0.0.2");
  assert.equal(await addressOf(true, { "x-forwarded-for": "198.51.100.1" }, peer), "198.51.100.1");
  // The first entries are whatever the client sent: never trusted.
  assert.equal(
    await addressOf(true, { "x-forwarded-for": "1.1.1.1, 8.8.8.8,198.51.100.1" }, peer),
    "198.51.100.1",
  );
  assert.equal(
    await addressOf(true, { "x-forwarded-for": "1.1.1.1,  2001:DB8:0:0::1 " }, peer),
    "2001:db8::1",
  );
});

Deno.test("clientAddress() with trustProxy falls back to the peer when the last entry is not an IP", async () => {
  const peer = info("10.0.0.2");
  for (
    const header of [
      "",
      "198.51.100.1, ",
      "198.51.100.1, unknown",
      "198.51.100.1, 1.2.3.4:5678",
      "198.51.100.1, 256.1.1.1",
      "198.51.100.1, 01.2.3.4",
      "198.51.100.1, ::ffff::1",
    ]
  ) {
    assert.equal(await addressOf(true, { "x-forwarded-for": header }, peer), "10.0.0.2", header);
  }
  assert.equal(await addressOf(true, { "x-forwarded-for": "junk" }), "unknown");
});

Deno.test("clientAddress() answers an IPv4-mapped IPv6 address as IPv4, from the peer and the header", async () => {
  assert.equal(await addressOf(false, {}, info("::ffff:192.0.2.10")), "192.0.2.10");
  assert.equal(await addressOf(false, {}, info("::ffff:c000:20a")), "192.0.2.10");
  assert.equal(
    await addressOf(true, { "x-forwarded-for": "::FFFF:192.0.2.10" }, info("::1")),
    "192.0.2.10",
  );
  assert.equal(await addressOf(false, {}, info("::1")), "::1");
});

Deno.test("canonicalIp() normalises addresses and rejects what is not one", () => {
  assert.equal(canonicalIp("192.0.2.1"), "192.0.2.1");
  assert.equal(canonicalIp(" 192.0.2.1 "), "192.0.2.1");
  assert.equal(canonicalIp("2001:0db8:0000:0000:0000:0000:0000:0001"), "2001:db8::1");
  assert.equal(canonicalIp("::"), "::");
  assert.equal(canonicalIp("fe80::1%eth0"), "fe80::1");
  for (
    const bad of [
      "",
      "1.2.3",
      "1.2.3.4.5",
      "a.b.c.d",
      "example.com",
      "1::2::3",
      "::g",
      "x".repeat(100),
    ]
  ) {
    assert.equal(canonicalIp(bad), null, bad);
  }
});
