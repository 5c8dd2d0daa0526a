import assert from "node:assert/strict";
import { idOfMessage } from "./update_ids.ts";

Deno.test("idOfMessage() is the same for the same message and differs for any other", () => {
  const id = idOfMessage(1000, 42, 7, "expense");
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(idOfMessage(1000, 42, 7, "expense"), id);
  const others = [
    idOfMessage(1001, 42, 7, "expense"),
    idOfMessage(1000, 43, 7, "expense"),
    idOfMessage(1000, 42, 8, "expense"),
    idOfMessage(1000, 42, 7, "settlement"),
  ];
  assert.equal(new Set([id, ...others]).size, 5);
});
