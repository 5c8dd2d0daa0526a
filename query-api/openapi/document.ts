/**
 * The OpenAPI 3.1 document served at `GET /v1/openapi.json`: built from the
 * same zod schemas that validate requests, so the document cannot drift
 * from what the service accepts.
 *
 * @module
 */
import { z } from "zod";
import {
  AccountDeleteInput,
  ClientErrorInput,
  ExpenseInput,
  GroupCreateInput,
  GroupUpdateInput,
  InviteCreateInput,
  LoginInput,
  MemberAddInput,
  MemberUpdateInput,
  PasswordChangeInput,
  ProfileInput,
  RefreshInput,
  RegisterInput,
  SettlementInput,
  TelegramChatsInput,
  TelegramLinkInput,
  TelegramTokenInput,
} from "@kopek/domain";
import { MonthlyReportAnswer } from "../routes/reports.ts";
import { ImportJobAnswer, ImportQueuedAnswer } from "../routes/imports.ts";

/** One operation of the API. */
export interface Operation {
  readonly method: "get" | "post" | "put" | "patch" | "delete";
  readonly path: string;
  readonly summary: string;
  readonly body?: z.ZodType;
  readonly ok: number;
  /**
   * false: no credentials; "service": the bot's service key; "optional": none
   * needed, a user's access token used when valid; else a user's access token.
   */
  readonly auth?: false | "service" | "optional";
  readonly ifMatch?: true;
  /** It may answer 410: the thing existed but no longer works (an invite). */
  readonly gone?: true;
  readonly query?: readonly string[];
  /** The success body's shape, where the document gives one. */
  readonly response?: z.ZodType;
  /** The success body's media type when it is not JSON (an export). */
  readonly produces?: "application/sql" | "text/csv";
  /** The request body's media type when it is not JSON (an import). */
  readonly consumes?: "application/sql";
  /** It may answer 408: the upload stalled (a streamed body stored as it arrives). */
  readonly slowUpload?: true;
  /** It may answer 429 although a read: a cap on what one user holds open (live streams). */
  readonly capped?: true;
}

/** Every operation the service answers, reads and writes. */
export const OPERATIONS: readonly Operation[] = [
  {
    method: "post",
    path: "/v1/auth/register",
    summary: "Create an account",
    body: RegisterInput,
    ok: 201,
    auth: false,
  },
  {
    method: "post",
    path: "/v1/auth/login",
    summary: "Sign in",
    body: LoginInput,
    ok: 200,
    auth: false,
  },
  {
    method: "post",
    path: "/v1/auth/refresh",
    summary: "Rotate a refresh token into a new token pair (a reused one ends its session)",
    body: RefreshInput,
    ok: 200,
    auth: false,
  },
  {
    method: "post",
    path: "/v1/auth/logout",
    summary: "End the session of a refresh token",
    body: RefreshInput,
    ok: 200,
    auth: false,
  },
  { method: "get", path: "/v1/me", summary: "The signed-in user", ok: 200 },
  {
    method: "post",
    path: "/v1/me/telegram-link",
    summary: "A one-time code to send the bot as /start <code>",
    ok: 201,
  },
  { method: "delete", path: "/v1/me/telegram", summary: "Unlink Telegram", ok: 200 },
  {
    method: "put",
    path: "/v1/me/password",
    summary: "Change the password; every other session ends",
    body: PasswordChangeInput,
    ok: 200,
  },
  { method: "delete", path: "/v1/me/sessions", summary: "Sign out everywhere", ok: 200 },
  {
    method: "get",
    path: "/v1/me/sessions",
    summary: "The caller's sessions that still work, with their device and last use",
    ok: 200,
  },
  {
    method: "delete",
    path: "/v1/me/sessions/{sessionId}",
    summary: "Sign one of the caller's sessions out",
    ok: 200,
  },
  {
    method: "patch",
    path: "/v1/me",
    summary: "Change the display name and/or the default currency",
    body: ProfileInput,
    ok: 200,
  },
  {
    method: "delete",
    path: "/v1/me",
    summary: "Delete the account (the password again); members become placeholders",
    body: AccountDeleteInput,
    ok: 200,
  },
  {
    method: "get",
    path: "/v1/me/export",
    summary: "Everything about the caller as a JSON download (account, sessions, groups, entries)",
    ok: 200,
  },
  {
    method: "post",
    path: "/v1/telegram/links",
    summary: "(bot) Redeem a user's link code for a Telegram user",
    body: TelegramLinkInput,
    ok: 201,
    auth: "service",
  },
  {
    method: "post",
    path: "/v1/telegram/tokens",
    summary: "(bot) A short-lived access token for the account a Telegram user linked",
    body: TelegramTokenInput,
    ok: 200,
    auth: "service",
  },
  {
    method: "post",
    path: "/v1/telegram/chats",
    summary: "(bot) Which of a group's members linked Telegram, asked for a linked member",
    body: TelegramChatsInput,
    ok: 200,
    auth: "service",
  },
  {
    method: "post",
    path: "/v1/groups",
    summary: "Create a group; the caller becomes its owner",
    body: GroupCreateInput,
    ok: 201,
  },
  {
    method: "get",
    path: "/v1/groups",
    summary: "The caller's groups",
    ok: 200,
    query: ["limit", "cursor"],
  },
  { method: "get", path: "/v1/groups/{g}", summary: "A group with its members", ok: 200 },
  {
    method: "patch",
    path: "/v1/groups/{g}",
    summary: "Rename a group or change its currency while it has no expense",
    body: GroupUpdateInput,
    ok: 200,
  },
  { method: "get", path: "/v1/groups/{g}/members", summary: "The group's members", ok: 200 },
  {
    method: "post",
    path: "/v1/groups/{g}/members",
    summary: "Add a member (a placeholder without a matching user)",
    body: MemberAddInput,
    ok: 201,
  },
  { method: "get", path: "/v1/groups/{g}/members/{m}", summary: "One member", ok: 200 },
  {
    method: "post",
    path: "/v1/groups/{g}/invites",
    summary: "Invite someone: to claim a placeholder member, or as a new member",
    body: InviteCreateInput,
    ok: 201,
  },
  {
    method: "get",
    path: "/v1/groups/{g}/invites",
    summary:
      "The group's invites, newest first, with their status now (owners and admins; never a code)",
    ok: 200,
    query: ["limit", "cursor", "status"],
  },
  {
    method: "delete",
    path: "/v1/groups/{g}/invites/{i}",
    summary: "Revoke an unused invite (owners; admins for roles below theirs); no If-Match",
    ok: 200,
  },
  {
    method: "post",
    path: "/v1/invites/{code}/accept",
    summary: "Accept an invite: the caller becomes (or claims) the member; " +
      "410 invite.expired | invite.revoked | invite.dead when it no longer works",
    ok: 200,
    gone: true,
  },
  {
    method: "patch",
    path: "/v1/groups/{g}/members/{m}",
    summary: "Rename a member or change their role",
    body: MemberUpdateInput,
    ok: 200,
    ifMatch: true,
  },
  {
    method: "delete",
    path: "/v1/groups/{g}/members/{m}",
    summary: "Deactivate a member whose balance is zero",
    ok: 200,
    ifMatch: true,
  },
  {
    method: "get",
    path: "/v1/groups/{g}/expenses",
    summary: "Expenses, newest first",
    ok: 200,
    query: [
      "limit",
      "cursor",
      "from",
      "to",
      "category",
      "memberId",
      "q",
      "kind",
      "includeVoided",
      "asOf",
    ],
  },
  {
    method: "post",
    path: "/v1/groups/{g}/expenses",
    summary: "Record an expense",
    body: ExpenseInput,
    ok: 201,
  },
  {
    method: "get",
    path: "/v1/groups/{g}/expenses/{e}",
    summary: "One expense with its shares",
    ok: 200,
  },
  {
    method: "get",
    path: "/v1/groups/{g}/expenses/{e}/history",
    summary: "Every version of an expense, oldest first, with who made it and when",
    ok: 200,
  },
  {
    method: "put",
    path: "/v1/groups/{g}/expenses/{e}",
    summary: "Amend an expense (full replacement)",
    body: ExpenseInput,
    ok: 200,
    ifMatch: true,
  },
  {
    method: "delete",
    path: "/v1/groups/{g}/expenses/{e}",
    summary: "Void an expense (an event; never erased)",
    ok: 200,
    ifMatch: true,
  },
  {
    method: "post",
    path: "/v1/groups/{g}/settlements",
    summary: "Record a settlement",
    body: SettlementInput,
    ok: 201,
  },
  { method: "get", path: "/v1/groups/{g}/settlements/{s}", summary: "One settlement", ok: 200 },
  {
    method: "put",
    path: "/v1/groups/{g}/settlements/{s}",
    summary: "Amend a settlement (full replacement)",
    body: SettlementInput,
    ok: 200,
    ifMatch: true,
  },
  {
    method: "delete",
    path: "/v1/groups/{g}/settlements/{s}",
    summary: "Void a settlement",
    ok: 200,
    ifMatch: true,
  },
  {
    method: "get",
    path: "/v1/groups/{g}/balances",
    summary: "Balances and the settle-up plan",
    ok: 200,
    query: ["asOf"],
  },
  {
    method: "get",
    path: "/v1/groups/{g}/reports/monthly",
    summary:
      "Monthly totals by category and by member (owed shares), from the reporting connection; " +
      "answers `Kopek-Served-By: replica | primary`",
    ok: 200,
    query: ["from", "to"],
    response: MonthlyReportAnswer,
  },
  {
    method: "get",
    path: "/v1/groups/{g}/activity",
    summary: "What happened, newest first, in words a person reads; each item also says what " +
      "it is about (entityType, subject, amount) and what an amendment changed (changes)",
    ok: 200,
    query: ["limit", "cursor"],
  },
  {
    method: "get",
    path: "/v1/groups/{g}/live",
    summary: "Server-sent events: one `change` per update of the group (id: its position); " +
      "`end` with a `reason` (removed, forbidden, session_ended, token_expired) before it closes; " +
      "`shutdown` when the instance stops (reconnect); 429 too_many_streams over the user's " +
      "cap, 503 server_busy over the instance's",
    ok: 200,
    capped: true,
  },
  {
    method: "get",
    path: "/v1/groups/{g}/events",
    summary: "The group's raw events in order, from the event store (owners and auditors)",
    ok: 200,
    query: ["after", "cursor", "limit"],
  },
  {
    method: "get",
    path: "/v1/groups/{g}/verify",
    summary: "Recompute the group's hash chain (owners and auditors)",
    ok: 200,
  },
  {
    method: "get",
    path: "/v1/groups/{g}/export.sql",
    summary:
      "The group's history as a self-contained SQL script with its checksum (owners and auditors)",
    ok: 200,
    produces: "application/sql",
  },
  {
    method: "get",
    path: "/v1/groups/{g}/export.csv",
    summary: "The group's expenses as CSV for spreadsheets",
    ok: 200,
    produces: "text/csv",
  },
  {
    method: "post",
    path: "/v1/imports",
    summary:
      "Queue a SQL export (application/sql) to be restored as new groups owned by the caller; " +
      "202 with Location: /v1/imports/{id}",
    ok: 202,
    consumes: "application/sql",
    slowUpload: true,
    response: ImportQueuedAnswer,
  },
  {
    method: "get",
    path: "/v1/imports/{id}",
    summary: "An import job, to its owner only: status, progress, the new groups or the refusal",
    ok: 200,
    response: ImportJobAnswer,
  },
  {
    method: "get",
    path: "/v1/rates",
    summary: "Reference rates for a base currency on or before a date (cross rates through EUR)",
    ok: 200,
    query: ["base", "date"],
  },
  {
    method: "post",
    path: "/v1/sync",
    summary: "Apply an offline client's queued commands in order",
    ok: 200,
  },
  {
    method: "post",
    path: "/v1/client-errors",
    summary: "Report an uncaught error of the PWA, logged for the operator (204; rate limited, " +
      "at most 16 KiB; a valid access token adds the user, an invalid one is ignored)",
    body: ClientErrorInput,
    ok: 204,
    auth: "optional",
  },
  { method: "get", path: "/v1/openapi.json", summary: "This document", ok: 200, auth: false },
];

const PROBLEM = {
  type: "object",
  required: ["type", "title", "status", "detail"],
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    errors: {
      type: "array",
      items: {
        type: "object",
        properties: { path: { type: "string" }, message: { type: "string" } },
      },
    },
  },
};

function schemaOf(body: z.ZodType, io: "input" | "output" = "input"): unknown {
  const { $schema: _, ...schema } = z.toJSONSchema(body, { io, unrepresentable: "any" });
  return schema;
}

function problemResponses(op: Operation): Record<string, unknown> {
  // 503 with Retry-After: database_unavailable on any operation; storage_full on writes;
  // position_not_reached, group_unavailable on reads and writes that need them.
  const codes = op.auth === "optional"
    ? [400, 422, 503]
    : op.auth === false
    ? [400, 401, 409, 422, 503]
    : [400, 401, 403, 404, 409, 422, 503];
  if (op.method !== "get") codes.push(429);
  if (op.ifMatch) codes.push(412);
  if (op.gone) codes.push(410);
  if (op.body || op.consumes) codes.push(413, 415);
  // A body that does not arrive within the body timeout: 408 request_timeout (ADR 0025).
  if (op.slowUpload || op.body || op.consumes) codes.push(408);
  if (op.capped) codes.push(429);
  const ref = { $ref: "#/components/schemas/Problem" };
  return Object.fromEntries(
    codes.map((c) => [
      String(c),
      c === 503
        ? {
          description: "problem 503: database_unavailable (PostgreSQL out of reach, or the " +
            "request not done within its bound: retry, with the same id for a write), " +
            "storage_full (writes while the database's volume is nearly full), " +
            "position_not_reached, group_unavailable",
          headers: { "Retry-After": { schema: { type: "integer", minimum: 1 } } },
          content: { "application/problem+json": { schema: ref } },
        }
        : {
          description: `problem ${c}`,
          content: { "application/problem+json": { schema: ref } },
        },
    ]),
  );
}

/** Builds the OpenAPI document. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: m[1] === "code" ? { type: "string" } : { type: "string", format: "uuid" },
    }));
    const headers = [
      ...(op.method === "get"
        ? [{ name: "Kopek-Min-Position", in: "header", schema: { type: "integer", minimum: 0 } }]
        : []),
      ...(op.ifMatch ? [{ name: "If-Match", in: "header", schema: { type: "string" } }] : []),
    ];
    const query = (op.query ?? []).map((name) => ({
      name,
      in: "query",
      schema: { type: "string" },
    }));
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      parameters: [...params, ...headers, ...query],
      ...(op.body
        ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: schemaOf(op.body) } },
          },
        }
        : op.consumes
        ? {
          requestBody: {
            required: true,
            content: { [op.consumes]: { schema: { type: "string" } } },
          },
        }
        : {}),
      ...(op.auth === false
        ? { security: [] }
        : op.auth === "service"
        ? { security: [{ botKey: [] }] }
        : op.auth === "optional"
        ? { security: [{}, { bearer: [] }] }
        : {}),
      responses: {
        [String(op.ok)]: op.ok === 204 ? { description: "success, no body" } : {
          description: "success",
          content: op.produces ? { [op.produces]: { schema: { type: "string" } } } : {
            "application/json": op.response ? { schema: schemaOf(op.response, "output") } : {},
          },
        },
        ...problemResponses(op),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Kopek",
      version: "1",
      description:
        "The public HTTP API of Kopek, an event-sourced expense ledger. Money is `{ amount: decimal string, currency: ISO 4217 }`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
        botKey: { type: "http", scheme: "bearer", description: "KOPEK_BOT_API_KEY" },
      },
      schemas: { Problem: PROBLEM },
    },
    paths,
  };
}
