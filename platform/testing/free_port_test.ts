import assert from "node:assert/strict";
import { freePort } from "./free_port.ts";

Deno.test("freePort: ports below the ephemeral range, never the same twice while claimed, bindable", () => {
  // 200 random draws from 12,000 ports repeat one 4 times in 5 without the claims.
  const ports = Array.from({ length: 200 }, () => freePort());
  assert.equal(new Set(ports).size, ports.length);
  for (const port of ports) {
    assert.ok(port >= 20_000 && port < 32_000, `${port}`);
  }
  const listener = Deno.listen({ hostname: "127.0.0.1", port: ports[0] });
  listener.close();
});
