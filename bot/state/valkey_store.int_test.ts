import assert from "node:assert/strict";
import { storeContract } from "./store_contract.ts";
import { createValkeyStore } from "./valkey_store.ts";

const URL = Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379";

storeContract(
  "createValkeyStore()",
  () => createValkeyStore(URL, { prefix: `kopek-test:bot:${crypto.randomUUID()}:` }),
);

Deno.test("createValkeyStore(): a second connection (a restarted bot) reads what the first wrote", async () => {
  const prefix = `kopek-test:bot:${crypto.randomUUID()}:`;
  const before = createValkeyStore(URL, { prefix });
  await before.write("chat:7:group", "g-1");
  await before.close();
  const after = createValkeyStore(URL, { prefix });
  try {
    assert.equal(await after.read("chat:7:group"), "g-1");
    await after.delete("chat:7:group");
  } finally {
    await after.close();
  }
});

Deno.test("createValkeyStore(): a write fails loudly when Valkey is unreachable", async () => {
  const store = createValkeyStore("redis://127.0.0.1:1", { commandTimeoutMs: 300 });
  try {
    await assert.rejects(store.write("k", 1));
  } finally {
    await store.close();
  }
});
