import assert from "node:assert/strict";
import { ownOrigin } from "./start.ts";

Deno.test("ownOrigin() is the bound address, a wildcard mapped to the loopback of its family", () => {
  const at = (hostname: string) => ownOrigin({ transport: "tcp", hostname, port: 8080 });
  assert.equal(at("0.0.0.0"), "http://127.0.0.1:8080");
  assert.equal(at("::"), "http://[::1]:8080");
  assert.equal(at("10.1.2.3"), "http://10.1.2.3:8080");
  assert.equal(at("127.0.0.1"), "http://127.0.0.1:8080");
  assert.equal(at("fd00::5"), "http://[fd00::5]:8080");
});
