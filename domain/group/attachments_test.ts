import assert from "node:assert/strict";
import { DomainError } from "../errors.ts";
import { ATTACHMENT_LIMITS } from "../shared/attachment_limits.ts";
import { equalExpense, groupWithMembers, OWNER_MEMBER, uuid } from "../testing/group_fixtures.ts";
import type { Role } from "../shared/schemas.ts";
import type { AttachmentMetadata } from "./attachments.ts";

const EXPENSE = uuid(500);

function withExpense(role: Role = "member") {
  const { driver, members } = groupWithMembers(1, "EUR", role);
  driver.run({
    type: "expense.record",
    expenseId: EXPENSE,
    input: equalExpense("30.00", [OWNER_MEMBER]),
    fx: null,
  });
  return { driver, members };
}

function metadata(n: number, size = 1000, expenseId = EXPENSE): AttachmentMetadata {
  const attachmentId = uuid(800 + n);
  return {
    attachmentId,
    expenseId,
    name: `receipt-${n}.jpg`,
    contentType: "image/jpeg",
    size,
    sha256: "a".repeat(64),
    width: 100,
    height: 50,
    key: `attachments/${attachmentId}/original`,
    thumbnail: null,
  };
}

function refusal(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${e}`);
    return e;
  }
  assert.fail("expected a DomainError");
}

Deno.test("attachment.add: a member attaches a file, as themself; remove takes it off", () => {
  const { driver, members } = withExpense();
  const events = driver.run({ type: "attachment.add", attachment: metadata(1) }, uuid(11));
  assert.deepEqual(events, [{
    type: "AttachmentAdded",
    data: { ...metadata(1), memberId: members[1] },
  }]);
  assert.deepEqual(driver.state.attachments.get(uuid(801)), {
    expenseId: EXPENSE,
    bytes: 1000,
    keys: [`attachments/${uuid(801)}/original`],
    removed: false,
  });
  const removed = driver.run({
    type: "attachment.remove",
    attachmentId: uuid(801),
    expenseId: EXPENSE,
  }, uuid(11));
  assert.deepEqual(removed, [{
    type: "AttachmentRemoved",
    data: { attachmentId: uuid(801), expenseId: EXPENSE },
  }]);
  assert.equal(driver.state.attachments.get(uuid(801))?.removed, true);
  const again = refusal(() =>
    driver.run({ type: "attachment.remove", attachmentId: uuid(801), expenseId: EXPENSE })
  );
  assert.equal(again.code, "not_found");
});

for (const role of ["viewer", "auditor"] as const) {
  Deno.test(`attachment.add: a ${role} may not attach nor remove`, () => {
    const { driver } = withExpense(role);
    const e = refusal(() =>
      driver.run({ type: "attachment.add", attachment: metadata(1) }, uuid(11))
    );
    assert.equal(e.code, "forbidden");
  });
}

Deno.test("attachment.add: an unknown or voided expense is refused", () => {
  const { driver } = withExpense();
  const unknown = refusal(() =>
    driver.run({ type: "attachment.add", attachment: metadata(1, 10, uuid(999)) })
  );
  assert.equal(unknown.code, "not_found");
  driver.run({ type: "expense.void", expenseId: EXPENSE });
  const voided = refusal(() => driver.run({ type: "attachment.add", attachment: metadata(2) }));
  assert.equal(voided.code, "expense.voided");
});

Deno.test("attachment.add: an id is used once, even after its removal", () => {
  const { driver } = withExpense();
  driver.run({ type: "attachment.add", attachment: metadata(1) });
  driver.run({ type: "attachment.remove", attachmentId: uuid(801), expenseId: EXPENSE });
  const e = refusal(() => driver.run({ type: "attachment.add", attachment: metadata(1) }));
  assert.equal(e.code, "attachment.exists");
});

Deno.test("attachment.add: at most 10 per expense; a removal makes room", () => {
  const { driver } = withExpense();
  for (let n = 1; n <= ATTACHMENT_LIMITS.perExpense; n++) {
    driver.run({ type: "attachment.add", attachment: metadata(n) });
  }
  const e = refusal(() => driver.run({ type: "attachment.add", attachment: metadata(11) }));
  assert.equal(e.code, "attachment.limit");
  driver.run({ type: "attachment.remove", attachmentId: uuid(801), expenseId: EXPENSE });
  driver.run({ type: "attachment.add", attachment: metadata(11) });
});

Deno.test("attachment.add: the group's byte quota counts files and thumbnails", () => {
  const { driver } = withExpense();
  const big = { ...metadata(1, ATTACHMENT_LIMITS.groupBytes - 100) };
  driver.run({ type: "attachment.add", attachment: big });
  const thumb = {
    ...metadata(2, 50),
    thumbnail: { key: "t", contentType: "image/webp", size: 60, width: 10, height: 10 },
  };
  const e = refusal(() => driver.run({ type: "attachment.add", attachment: thumb }));
  assert.equal(e.code, "attachment.limit");
  driver.run({ type: "attachment.add", attachment: metadata(3, 100) });
});
