/**
 * The route table's group routes: groups, members and invites.
 *
 * @module
 */
import {
  GroupCreateInput,
  GroupUpdateInput,
  InviteCreateInput,
  MemberAddInput,
  MemberUpdateInput,
  PaymentHandlesInput,
} from "./schemas.ts";
import { read, type Route, write } from "./route.ts";

/** Groups, their members and invites. */
export const GROUP_ROUTES: readonly Route[] = [
  write("post", "/v1/groups", {
    summary: "Create a group; the caller becomes its owner",
    body: GroupCreateInput,
    ok: 201,
    response: "GroupWritten",
    idempotent: true,
    problems: ["forbidden", "duplicate_id", "group.exists", "money.*"],
  }),
  read("/v1/groups", {
    summary: "The caller's groups",
    response: "Page<GroupListItem>",
    query: ["limit", "cursor"],
    etag: true,
  }),
  read("/v1/groups/{g}", {
    summary: "A group with its members",
    response: "GroupDetail",
    etag: true,
  }),
  write("patch", "/v1/groups/{g}", {
    summary: "Rename a group, change its currency while it has no expense, " +
      "or turn debt simplification on or off",
    body: GroupUpdateInput,
    response: "GroupWritten",
    idempotent: true,
    problems: ["forbidden", "duplicate_id", "group.currency_locked", "money.*"],
  }),
  read("/v1/groups/{g}/members", {
    summary: "The group's members",
    response: "Page<Member>",
    etag: true,
  }),
  write("post", "/v1/groups/{g}/members", {
    summary: "Add a member (a placeholder without a matching user)",
    body: MemberAddInput,
    ok: 201,
    response: "MemberWritten",
    idempotent: true,
    responseHeaders: ["ETag"],
    problems: [
      "forbidden",
      "duplicate_id",
      "member.exists",
      "member.user_exists",
      "member.duplicate",
      "member.owner_role",
    ],
  }),
  read("/v1/groups/{g}/members/{m}", {
    summary: "One member",
    response: "Member",
    etag: true,
  }),
  write("post", "/v1/groups/{g}/invites", {
    summary: "Invite someone: to claim a placeholder member, or as a new member",
    body: InviteCreateInput,
    ok: 201,
    response: "InviteCreated",
    idempotent: true,
    problems: [
      "forbidden",
      "duplicate_id",
      "invite.exists",
      "invite.member_taken",
      "invite.not_placeholder",
      "member.unknown",
      "member.owner_role",
    ],
  }),
  read("/v1/groups/{g}/invites", {
    summary:
      "The group's invites, newest first, with their status now (owners and admins; never a code)",
    response: "Page<Invite>",
    query: ["limit", "cursor", "status"],
    etag: true,
    problems: ["forbidden"],
  }),
  write("delete", "/v1/groups/{g}/invites/{i}", {
    summary: "Revoke an unused invite (owners; admins for roles below theirs); no If-Match",
    response: "InviteRevoked",
    idempotent: true,
    problems: ["forbidden", "duplicate_id", "invite.used"],
  }),
  write("post", "/v1/invites/{code}/accept", {
    summary: "Accept an invite: the caller becomes (or claims) the member; " +
      "410 invite.expired | invite.revoked | invite.dead when it no longer works",
    response: "InviteAccepted",
    idempotent: true,
    responseHeaders: ["ETag"],
    problems: [
      "duplicate_id",
      "invite.used",
      "invite.member_taken",
      "member.user_exists",
      "invite.expired",
      "invite.revoked",
      "invite.dead",
    ],
  }),
  write("patch", "/v1/groups/{g}/members/{m}", {
    summary: "Rename a member or change their role",
    body: MemberUpdateInput,
    response: "MemberWritten",
    ifMatch: true,
    idempotent: true,
    responseHeaders: ["ETag"],
    problems: [
      "forbidden",
      "duplicate_id",
      "member.inactive",
      "member.owner",
      "member.placeholder_owner",
      "member.owner_role",
    ],
  }),
  write("put", "/v1/groups/{g}/members/{m}/payment-handles", {
    summary: "Set how a member can be paid (the member's own user; owners and admins for " +
      "placeholders): IBAN, PayPal.me, Revolut, UPI, text; at most 5, replacing the list",
    body: PaymentHandlesInput,
    response: "PaymentHandlesWritten",
    ifMatch: true,
    idempotent: true,
    responseHeaders: ["ETag"],
    problems: ["forbidden", "duplicate_id", "member.inactive"],
  }),
  read("/v1/groups/{g}/payment-handles", {
    summary: "How each member can be paid (members whose handles were ever set)",
    response: "PaymentHandlesList",
    etag: true,
  }),
  write("delete", "/v1/groups/{g}/members/{m}", {
    summary: "Deactivate a member whose balance is zero",
    response: "MemberWritten",
    ifMatch: true,
    idempotent: true,
    responseHeaders: ["ETag"],
    problems: [
      "forbidden",
      "duplicate_id",
      "member.inactive",
      "member.owner",
      "member.balance_not_zero",
    ],
  }),
];
