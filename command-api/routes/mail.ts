/**
 * The routes that send email (ADR 0060): password reset by email
 * (`POST /v1/auth/password-reset`, `POST /v1/auth/password-reset/confirm`,
 * open), the weekly summary's opt-in (`PUT /v1/me/email-settings`) and an
 * invite's link by email (`POST /v1/groups/{g}/invites/{i}/email`). Each
 * only queues a mail in the outbox: no request waits on SMTP. Without
 * `KOPEK_SMTP_URL` they answer 404 `email.disabled`.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { z } from "zod";
import {
  EmailSettingsInput,
  InviteEmailInput,
  inviteStatus,
  mayInvite,
  memberOfUser,
  PasswordResetConfirmInput,
  PasswordResetInput,
} from "@kopek/domain";
import {
  type CodeMinter,
  guestForbidden,
  isGuest,
  type Logger,
  problem,
  ProblemError,
  readJson,
  zodProblem,
} from "@kopek/platform";
import { inviteMail, type MailDesk, passwordResetMail, RESET_TOKEN_TTL_MS } from "@kopek/mail";
import type { Accounts } from "../accounts.ts";
import type { GroupRepository } from "../group_repository.ts";
import type { Limits } from "../rate_limits.ts";
import { requireOwnSession } from "./me.ts";

async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const parsed = schema.safeParse(await readJson(c));
  if (!parsed.success) throw new ProblemError(zodProblem(parsed.error));
  return parsed.data;
}

function enabled(mail: MailDesk | null | undefined): MailDesk {
  if (!mail) {
    throw new ProblemError(
      problem(404, "this server sends no email (no SMTP configured)", { code: "email.disabled" }),
    );
  }
  return mail;
}

const Id = z.uuid().transform((s) => s.toLowerCase());

/** What the mail routes need. */
export interface MailRouteDeps {
  readonly mail: MailDesk | null | undefined;
  readonly accounts: Accounts;
  readonly limits: Limits;
  readonly logger: Logger;
  readonly newId: () => string;
  readonly now: () => Date;
  readonly groups: GroupRepository;
  readonly codes: CodeMinter;
}

/** Mounts the open password reset routes (before bearer auth). */
export function passwordResetRoutes(deps: MailRouteDeps) {
  const { accounts, limits } = deps;

  /** Issues a token and queues its mail; nothing when no account has the address. */
  async function mailReset(mail: MailDesk, email: string) {
    const userId = await accounts.userIdByEmail(email);
    if (!userId) return;
    const account = await accounts.view(userId);
    const { token } = await mail.resets.issue(userId, RESET_TOKEN_TTL_MS);
    const queued = await mail.outbox.enqueue({
      id: deps.newId(),
      kind: "password-reset",
      senderId: null,
      to: account.email,
      mail: passwordResetMail({
        displayName: account.displayName,
        link: `${mail.appOrigin}/reset/${token}`,
        validMinutes: RESET_TOKEN_TTL_MS / 60_000,
      }),
    });
    if (queued === "queued") mail.onQueued();
  }

  return (app: Hono) => {
    app.post("/v1/auth/password-reset", async (c) => {
      await limits.hit("passwordReset", limits.address(c));
      const input = await body(c, PasswordResetInput);
      // Bad input is refused first, with or without email.
      const mail = enabled(deps.mail);
      // The same answer, as soon, whether or not an account has the address: the work goes
      // on after the answer (no account enumeration, by the answer or by its time).
      mailReset(mail, input.email).catch((err) =>
        deps.logger.error({ err }, "password reset mail not queued")
      );
      return c.json({ accepted: true }, 202);
    });

    app.post("/v1/auth/password-reset/confirm", async (c) => {
      await limits.hit("passwordReset", limits.address(c));
      const input = await body(c, PasswordResetConfirmInput);
      const mail = enabled(deps.mail);
      const userId = await mail.resets.consume(input.token);
      if (!userId) {
        throw new ProblemError(
          problem(410, "this reset link is unknown, used or expired: ask for a new one", {
            code: "password_reset.invalid",
          }),
        );
      }
      // The same path as PUT /v1/me/password: the new hash, and every session ended.
      await accounts.setPassword({ userId }, input.password);
      return c.json({ reset: true }, 200);
    });
  };
}

/** Mounts the signed-in mail routes (behind bearer auth). */
export function mailRoutes(deps: MailRouteDeps) {
  const { limits } = deps;
  return (app: Hono) => {
    app.put("/v1/me/email-settings", async (c) => {
      requireOwnSession(c);
      const userId: string = c.get("userId");
      await limits.hit("writes", userId);
      const input = await body(c, EmailSettingsInput);
      const mail = enabled(deps.mail);
      const settings = await mail.settings.set(userId, input);
      // A summary of this week may be due now: wake the worker.
      if (settings.weeklySummary) mail.onQueued();
      return c.json({ enabled: true, ...settings }, 200);
    });

    app.post("/v1/groups/:g/invites/:i/email", async (c) => {
      requireOwnSession(c);
      const userId: string = c.get("userId");
      // Guests never manage a group's invites (ADR 0059).
      if (isGuest(userId)) throw guestForbidden();
      await limits.hit("writes", userId);
      const input = await body(c, InviteEmailInput);
      const groupId = Id.safeParse(c.req.param("g"));
      const inviteId = Id.safeParse(c.req.param("i"));
      const notFound = () =>
        new ProblemError(problem(404, "no such invite in a group of yours", { code: "not_found" }));
      if (!groupId.success || !inviteId.success) throw notFound();
      const state = await deps.groups.current(groupId.data);
      const me = memberOfUser(state, userId);
      const invite = state.invites.get(inviteId.data);
      if (!me || !invite) throw notFound();
      if (!mayInvite(me.role, invite.role)) {
        throw new ProblemError(
          problem(403, "only who may grant the invite's role may mail it", { code: "forbidden" }),
        );
      }
      const status = inviteStatus(state, invite, deps.now().toISOString());
      if (status !== "active") {
        const code = status === "used" ? "invite.used" : `invite.${status}`;
        throw new ProblemError(
          problem(status === "used" ? 409 : 410, `the invite is ${status}`, { code }),
        );
      }
      // Who may and what is refused are checked first: the same answers with or without email.
      const mail = enabled(deps.mail);
      const code = await deps.codes.derive("invite", invite.id);
      const queued = await mail.outbox.enqueue({
        id: deps.newId(),
        kind: "invite",
        senderId: userId,
        to: input.email,
        mail: inviteMail({
          inviterName: me.name,
          groupName: state.name,
          link: `${mail.appOrigin}/join/${code}`,
          expiresAt: invite.expiresAt,
        }),
      });
      if (queued === "limited") {
        throw new ProblemError(
          problem(429, "too many mails: try again later", { code: "rate_limited" }),
        );
      }
      mail.onQueued();
      return c.json({ queued: true }, 202);
    });
  };
}
