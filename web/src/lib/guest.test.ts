import { describe, expect, it } from "vitest";
import { type GuestInfo, guestMayOpen, guestOf, guestRoleIn } from "./guest.ts";
import type { Session } from "./types.ts";

const guest: GuestInfo = {
  linkToken: "t",
  linkId: "l",
  groupId: "g1",
  groupName: "Flat",
  memberId: "m1",
  memberName: "Bo",
  role: "member",
  linkExpiresAt: "2027-01-01T00:00:00Z",
};
const user: Session = {
  user: { id: "u", email: "a@b.c", displayName: "Ana" },
  token: "x",
  expiresAt: "",
  refreshToken: "r",
  refreshExpiresAt: "",
};

describe("guest sessions", () => {
  it("know their group, role and pages", () => {
    const s = { ...user, guest };
    expect(guestOf(s)).toEqual(guest);
    expect(guestOf(user)).toBeNull();
    expect(guestRoleIn(s, "g1")).toBe("member");
    expect(guestRoleIn(s, "g2")).toBeNull();
    expect(guestRoleIn(user, "g1")).toBeNull();
    expect(guestMayOpen(guest, "/groups/g1/expenses")).toBe(true);
    expect(guestMayOpen(guest, "/groups/g1")).toBe(true);
    expect(guestMayOpen(guest, "/groups/g10")).toBe(false);
    expect(guestMayOpen(guest, "/")).toBe(false);
    expect(guestMayOpen(guest, "/account")).toBe(false);
    expect(guestMayOpen(guest, "/guest/account")).toBe(true);
  });
});
