/**
 * The attachments projection's writes against PostgreSQL: voids in bulk
 * (ADR 0074) hide exactly the attachments of the expenses voided, in log
 * order with the adds and removes around them.
 */
import assert from "node:assert/strict";
import type { GroupEvent } from "@kopek/domain";
import { envelopesOf } from "../../testing/envelopes.ts";
import { projectorTestEnv } from "../../testing/setup.ts";
import { attachmentsProjection } from "./apply.ts";

function added(attachmentId: string, expenseId: string): GroupEvent {
  return {
    type: "AttachmentAdded",
    data: {
      attachmentId,
      expenseId,
      memberId: crypto.randomUUID(),
      name: "receipt.pdf",
      contentType: "application/pdf",
      size: 10,
      sha256: "0".repeat(64),
      width: null,
      height: null,
      key: `blobs/${attachmentId}`,
      thumbnail: null,
    },
  } as GroupEvent;
}

const voided = (expenseId: string) =>
  ({ type: "ExpenseVoided", data: { expenseId, revision: 2 } }) as GroupEvent;

Deno.test("attachments apply(): runs of voids hide the attachments of those expenses only, in log order", async () => {
  await using env = await projectorTestEnv();
  const group = crypto.randomUUID();
  const other = crypto.randomUUID();
  const [e1, e2, e3, e4] = [0, 1, 2, 3].map(() => crypto.randomUUID());
  const [a1, a2, a3, a4, a5] = [0, 1, 2, 3, 4].map(() => crypto.randomUUID());
  const first = envelopesOf(group, [
    added(a1, e1),
    added(a2, e2),
    added(a3, e3),
    voided(e1),
    voided(e2),
    voided(crypto.randomUUID()), // an expense without attachments
    added(a4, e4),
    { type: "AttachmentRemoved", data: { attachmentId: a3, expenseId: e3 } } as GroupEvent,
    voided(e4),
  ]);
  // The same expense id in another group is not this group's expense.
  const elsewhere = envelopesOf(other, [added(a5, e3)], 100);
  await env.sql.begin((tx) => attachmentsProjection.apply(tx, [...first, ...elsewhere]));
  const rows = await env.sql<{ id: string; voided: boolean; removed: boolean }[]>`
    SELECT attachment_id::text AS id, expense_voided AS voided, removed FROM rm_attachments`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  assert.deepEqual(
    [a1, a2, a3, a4, a5].map((a) => [byId.get(a)?.voided, byId.get(a)?.removed]),
    [[true, false], [true, false], [false, true], [true, false], [false, false]],
  );
  // Voiding e3 afterwards hides its (removed) attachment in this group only.
  await env.sql.begin((tx) =>
    attachmentsProjection.apply(tx, envelopesOf(group, [voided(e3)], 200))
  );
  const [row3] = await env.sql<{ voided: boolean }[]>`
    SELECT expense_voided AS voided FROM rm_attachments WHERE attachment_id = ${a3}::uuid`;
  const [row5] = await env.sql<{ voided: boolean }[]>`
    SELECT expense_voided AS voided FROM rm_attachments WHERE attachment_id = ${a5}::uuid`;
  assert.deepEqual([row3.voided, row5.voided], [true, false]);
});
