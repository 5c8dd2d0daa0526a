import assert from "node:assert/strict";
import { ClientErrorInput } from "./client_error.ts";

const VALID = {
  kind: "error",
  message: "x is not a function",
  stack: "TypeError: x is not a function\n    at f (https://k.example/_app/a.js:1:2)",
  path: "/groups/0190b6c4-0000-7000-8000-000000000000",
  release: "1733400000000",
  agent: "chromium",
};

Deno.test("ClientErrorInput accepts a bounded report, the stack optional", () => {
  assert.ok(ClientErrorInput.safeParse(VALID).success);
  const { stack: _, ...noStack } = VALID;
  assert.ok(ClientErrorInput.safeParse(noStack).success);
});

Deno.test("ClientErrorInput refuses oversized fields, query strings, unknown fields and kinds", () => {
  const refused = (over: Record<string, unknown>, field: string) => {
    const r = ClientErrorInput.safeParse({ ...VALID, ...over });
    assert.equal(r.success, false, JSON.stringify(over).slice(0, 80));
    assert.ok(
      r.error!.issues.some((i) => i.path.join(".") === field || i.code === "unrecognized_keys"),
      `${field}: ${JSON.stringify(r.error!.issues)}`,
    );
  };
  refused({ message: "m".repeat(1025) }, "message");
  refused({ stack: "s".repeat(8193) }, "stack");
  refused({ path: "/join/ABC?next=/x" }, "path");
  refused({ path: "/signin#token=x" }, "path");
  refused({ path: "https://evil.example/" }, "path");
  refused({ path: `/${"p".repeat(600)}` }, "path");
  refused({ release: '1.0\n{"level":"error"}' }, "release");
  refused({ release: "" }, "release");
  refused({ agent: "Mozilla/5.0 (X11; Linux x86_64)" }, "agent");
  refused({ kind: "warning" }, "kind");
  refused({ userId: "someone-else" }, "");
  refused({ message: 42 }, "message");
});
