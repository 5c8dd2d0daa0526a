/**
 * The command an `InviteCreated` stands for: an `invite.create` whose
 * lifetime the API would have allowed.
 *
 * @module
 */
import { parseInstant } from "../../shared/instant.ts";
import type { GroupEventOf } from "../events.ts";
import { one, type Recognised, type Run, Unrecognised } from "./recognised.ts";

/** An invite's lifetime: the API lets an admin choose 1 to 720 hours. */
const INVITE_MIN_MS = 3_600_000;
const INVITE_MAX_MS = 720 * 3_600_000;
/**
 * The edge reads its clock for `expiresAt` a moment before it stamps the
 * command's `at`: an invite of one hour may expire that moment less than an
 * hour after `at`.
 */
const INVITE_CLOCK_SLACK_MS = 5 * 60_000;

/** An `InviteCreated` that expires 1 to 720 hours after `at`: an `invite.create`. */
export function recogniseInviteCreated(e0: GroupEventOf<"InviteCreated">, run: Run): Recognised {
  const { at } = run;
  const d = e0.data;
  const expires = parseInstant(d.expiresAt);
  const lifetime = expires === null ? NaN : expires - (parseInstant(at) ?? NaN);
  if (!(lifetime >= INVITE_MIN_MS - INVITE_CLOCK_SLACK_MS && lifetime <= INVITE_MAX_MS)) {
    throw new Unrecognised(
      `an invite must expire 1 to 720 hours after it was created, not at ${
        JSON.stringify(d.expiresAt)
      }`,
    );
  }
  return one(1, {
    type: "invite.create",
    inviteId: d.inviteId,
    codeHash: d.codeHash,
    memberId: d.memberId,
    role: d.role,
    expiresAt: d.expiresAt,
  });
}
