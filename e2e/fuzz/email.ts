/**
 * Fuzz routes: email (ADR 0060). The fuzz's server has no SMTP: the routes
 * that mail answer 404 `email.disabled` once the caller and the body pass,
 * and the settings' read answers `enabled: false`.
 *
 * @module
 */
import fc from "fast-check";
import { PASSWORD } from "./_kit/fixture.ts";
import type { Route } from "./_kit/route.ts";

/** The email routes. */
export const EMAIL_ROUTES: readonly Route[] = [
  {
    name: "password-reset",
    op: "POST /v1/auth/password-reset",
    method: "POST",
    path: "/v1/auth/password-reset",
    ids: () => [],
    auth: "none",
    weight: 1,
    body: (f) =>
      fc.constantFrom(f.anaEmail, f.anaEmail.toUpperCase(), "nobody@example.com")
        .map((email) => ({ email })),
  },
  {
    name: "password-reset.confirm",
    op: "POST /v1/auth/password-reset/confirm",
    method: "POST",
    path: "/v1/auth/password-reset/confirm",
    ids: () => [],
    auth: "none",
    weight: 1,
    body: () =>
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((token) => ({ token, password: PASSWORD })),
  },
  {
    name: "GET email settings",
    op: "GET /v1/me/email-settings",
    method: "GET",
    path: "/v1/me/email-settings",
    ids: () => [],
    auth: "user",
    zedOk: true,
    params: [],
  },
  {
    name: "email-settings",
    op: "PUT /v1/me/email-settings",
    method: "PUT",
    path: "/v1/me/email-settings",
    ids: () => [],
    auth: "user",
    zedOk: true,
    ownerOnly: true,
    body: () => fc.boolean().map((weeklySummary) => ({ weeklySummary })),
  },
  {
    name: "invite.email",
    op: "POST /v1/groups/{g}/invites/{i}/email",
    method: "POST",
    path: "/v1/groups/{0}/invites/{1}/email",
    ids: (f) => [f.g, f.I],
    auth: "user",
    ownerOnly: true,
    body: () =>
      fc.constantFrom("bea@example.com", "BEA@example.com", "x@example.org")
        .map((email) => ({ email })),
  },
];
