import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { endpointRefusal, resolvedRefusal } from "./endpoint_guard.ts";

Deno.test("endpointRefusal: https to a public host passes; http, loopback, private, link-local and credentials are refused", () => {
  assertEquals(endpointRefusal("https://fcm.googleapis.com/fcm/send/abc", false), null);
  assertEquals(endpointRefusal("https://8.8.8.8/x", false), null);
  assertEquals(endpointRefusal("http://fcm.googleapis.com/x", false), "not an https URL");
  assertEquals(endpointRefusal("https://localhost/x", false), "a loopback host");
  assertEquals(endpointRefusal("https://127.0.0.1/x", false), "a loopback address");
  assertEquals(endpointRefusal("https://10.1.2.3/x", false), "a private address");
  assertEquals(endpointRefusal("https://169.254.169.254/latest", false), "a linkLocal address");
  assertEquals(endpointRefusal("https://[::1]/x", false), "a loopback address");
  assertEquals(endpointRefusal("https://[::ffff:10.0.0.1]/x", false), "a private address");
  assertEquals(endpointRefusal("https://[fd00::1]/x", false), "a uniqueLocal address");
  assertEquals(endpointRefusal("https://u:p@push.example/x", false), "a URL with credentials");
  assertEquals(endpointRefusal("ftp://push.example/x", true), "not an http(s) URL");
  assertEquals(endpointRefusal("http://localhost:8090/notify/x", true), null);
});

Deno.test("resolvedRefusal: a name that resolves to a private address (or to nothing) is refused", async () => {
  const to = (addresses: string[]) => () => Promise.resolve(addresses);
  assertEquals(await resolvedRefusal("https://push.example/x", false, to(["1.1.1.1"])), null);
  assertEquals(
    await resolvedRefusal("https://push.example/x", false, to(["1.1.1.1", "192.168.1.1"])),
    "a private address",
  );
  assertEquals(
    await resolvedRefusal("https://push.example/x", false, to([])),
    "a host without addresses",
  );
  assertEquals(await resolvedRefusal("http://localhost:1/x", true, to([])), null);
});
