import assert from "node:assert/strict";
import type { GroupEnvelope } from "../../envelope.ts";
import { foldAttachments } from "./fold.ts";

const G = "00000000-0000-4000-8000-000000000001";
const E = "00000000-0000-4000-8000-000000000002";
const A = "00000000-0000-4000-8000-000000000003";
const M = "00000000-0000-4000-8000-000000000004";

function env(event: GroupEnvelope["event"], position: number): GroupEnvelope {
  return { groupId: G, event, at: "2026-12-06T00:00:00Z", position } as GroupEnvelope;
}

Deno.test("foldAttachments: added is a row, removed and a voided expense mark it, in order", () => {
  const changes = foldAttachments([
    env({
      type: "AttachmentAdded",
      data: {
        attachmentId: A,
        expenseId: E,
        memberId: M,
        name: "r.jpg",
        contentType: "image/jpeg",
        size: 10,
        sha256: "a".repeat(64),
        width: 4,
        height: 3,
        key: "k",
        thumbnail: { key: "t", contentType: "image/webp", size: 2, width: 4, height: 3 },
      },
    }, 7),
    env({ type: "AttachmentRemoved", data: { attachmentId: A, expenseId: E } }, 8),
    env({ type: "ExpenseVoided", data: { expenseId: E, revision: 2 } }, 9),
  ]);
  assert.deepEqual(changes.map((c) => c.kind), ["add", "remove", "void"]);
  const add = changes[0];
  assert.ok(add.kind === "add");
  assert.equal(add.row.thumbnailKey, "t");
  assert.equal(add.row.thumbnailType, "image/webp");
  assert.equal(add.row.position, 7);
  assert.equal(add.row.memberId, M);
});
