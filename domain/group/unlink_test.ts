import assert from "node:assert/strict";
import { DomainError } from "../errors.ts";
import { groupBalances } from "./balances.ts";
import { ownerBlocks } from "./unlink.ts";
import {
  equalExpense,
  groupWithMembers,
  OWNER_MEMBER,
  OWNER_USER,
  uuid,
} from "../testing/group_fixtures.ts";

function refused(f: () => unknown, kind: DomainError["kind"], code?: string) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${e}`);
    assert.equal(e.kind, kind);
    if (code) assert.equal(e.code, code);
    return true;
  });
}

Deno.test("member.unlink: the member's own user makes it a placeholder; balances stay", () => {
  const { driver, members } = groupWithMembers(2);
  driver.run({
    type: "expense.record",
    expenseId: uuid(500),
    input: equalExpense("30.00", members),
    fx: null,
  });
  const before = groupBalances(driver.state);
  const events = driver.run({ type: "member.unlink", memberId: members[1] }, uuid(11));
  assert.deepEqual(events, [{
    type: "MemberUnlinked",
    data: { memberId: members[1], revision: 2 },
  }]);
  const m = driver.state.members.get(members[1])!;
  assert.deepEqual([m.userId, m.name, m.active], [null, "M1", true]);
  assert.deepEqual(groupBalances(driver.state), before);
  // Again: already a placeholder, nothing to do.
  assert.deepEqual(driver.run({ type: "member.unlink", memberId: members[1] }, uuid(11)), []);
});

Deno.test("member.unlink: nobody else can unlink a member, not even the owner", () => {
  const { driver, members } = groupWithMembers(2);
  refused(() => driver.run({ type: "member.unlink", memberId: members[1] }), "not_found");
  refused(
    () => driver.run({ type: "member.unlink", memberId: members[1] }, uuid(12)),
    "not_found",
  );
  refused(() => driver.run({ type: "member.unlink", memberId: uuid(999) }, uuid(11)), "not_found");
});

Deno.test("member.unlink: an owner with other bound members hands over first", () => {
  const shared = groupWithMembers(1);
  assert.equal(ownerBlocks(shared.driver.state, OWNER_USER), true);
  refused(
    () => shared.driver.run({ type: "member.unlink", memberId: OWNER_MEMBER }),
    "conflict",
    "account.owns_group",
  );
  // Alone, or with placeholders only: no obstacle.
  const alone = groupWithMembers(0);
  alone.driver.run({
    type: "member.add",
    memberId: uuid(150),
    name: "P",
    userId: null,
    role: "member",
  });
  assert.equal(ownerBlocks(alone.driver.state, OWNER_USER), false);
  assert.equal(
    alone.driver.run({ type: "member.unlink", memberId: OWNER_MEMBER }).length,
    1,
  );
});
